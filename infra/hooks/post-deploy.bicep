// The wiring that needs the deployed function code, run by the azd postdeploy hook
// (infra/hooks/post-deploy.sh or .ps1, from azure.yaml), which first waits until the functions
// are listed and finds system topics to reuse, or by hand after the code is deployed:
//   az deployment group create -g <rg> -f infra/hooks/post-deploy.bicep \
//     -p functionAppName=<app> clusterName=<aks>
// Why not in main.bicep: an Event Grid subscription with an AzureFunction destination is validated
// against the function when it is created (it fails while EventGridFunction does not exist yet),
// and the action group's function receiver needs AlertFunction's key, which exists only once the
// code is deployed. `azd provision` runs before `azd deploy`, so both come after it.
targetScope = 'resourceGroup'

@description('Name of the aks-burst Function App (output AZURE_FUNCTION_APP_NAME of main.bicep).')
param functionAppName string

@description('Name of the AKS cluster (output AZURE_AKS_CLUSTER_NAME of main.bicep).')
param clusterName string

@description('Namespace of the workload the sample alert bursts.')
param alertNamespace string = 'virtualnode'

@description('Deployment the sample alert bursts.')
param alertDeployment string = 'nginx-vn'

@description('Node CPU percentage above which the sample alert fires.')
@minValue(1)
@maxValue(100)
param cpuThresholdPercent int = 70

@description('Create the sample metric alert rule (the action group is always created).')
param createSampleAlert bool = true

@description('azd environment name, for the azd-env-name tag; empty for none.')
param environmentName string = ''

@description('Name of a system topic already in this resource group whose source is the resource group (Azure allows one per source); empty: create evgt-rg-<cluster>.')
param existingResourceGroupTopicName string = ''

@description('Name of a system topic already in this resource group whose source is the cluster; empty: create evgt-<cluster>.')
param existingClusterTopicName string = ''

var tags = empty(environmentName) ? {} : {
  'azd-env-name': environmentName
}


resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName

  resource alertFunction 'functions' existing = {
    name: 'AlertFunction'
  }

  resource eventGridFunction 'functions' existing = {
    name: 'EventGridFunction'
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2025-09-01' existing = {
  name: clusterName
}

// Azure Monitor → AlertFunction, in the common alert schema. The URL carries the function's own
// key, read at deployment time (never written in this repository).
resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-aks-burst-${clusterName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'aksburst'
    enabled: true
    azureFunctionReceivers: [
      {
        name: 'aks-burst'
        functionAppResourceId: functionApp.id
        functionName: functionApp::alertFunction.name
        httpTriggerUrl: 'https://${functionApp.properties.defaultHostName}/api/alerts?code=${functionApp::alertFunction.listKeys().default}'
        useCommonAlertSchema: true
      }
    ]
  }
}

// A sample metric alert: node CPU high on the cluster bursts the workload named in the custom
// properties (they reach the function as data.customProperties).
resource nodeCpuAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = if (createSampleAlert) {
  name: 'aks-burst-node-cpu-${clusterName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Node CPU above ${cpuThresholdPercent}% on ${clusterName}: burst ${alertNamespace}/${alertDeployment} onto the virtual node.'
    severity: 2
    enabled: true
    scopes: [
      aks.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'NodeCpuHigh'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.ContainerService/managedClusters'
          metricName: 'node_cpu_usage_percentage'
          operator: 'GreaterThan'
          threshold: cpuThresholdPercent
          timeAggregation: 'Average'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
        webHookProperties: {
          'aksburst.namespace': alertNamespace
          'aksburst.deployment': alertDeployment
        }
      }
    ]
  }
}

// One system topic per source: a topic another deployment made for the same source is reused
// (never rewritten), else one is created. The subscriptions attach to whichever it is.
var resourceGroupTopicName = empty(existingResourceGroupTopicName) ? 'evgt-rg-${clusterName}' : existingResourceGroupTopicName
var clusterTopicName = empty(existingClusterTopicName) ? 'evgt-${clusterName}' : existingClusterTopicName

// Agent pool writes anywhere in the resource group → reconcile now (nodes are coming).
resource newResourceGroupTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (empty(existingResourceGroupTopicName)) {
  name: resourceGroupTopicName
  location: 'global'
  tags: tags
  properties: {
    source: resourceGroup().id
    topicType: 'Microsoft.Resources.ResourceGroups'
  }
}

resource resourceGroupTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: resourceGroupTopicName
}

resource agentPoolWrites 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: resourceGroupTopic
  name: 'aks-burst-agentpool-writes'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionApp::eventGridFunction.id
        maxEventsPerBatch: 10
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: [
            'Microsoft.ContainerService/managedClusters/agentPools/write'
          ]
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 10
      eventTimeToLiveInMinutes: 60
    }
  }
}

// Node pool upgrades on the cluster → pause bursts on the pool, resume after.
resource newClusterTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (empty(existingClusterTopicName)) {
  name: clusterTopicName
  location: aks.location
  tags: tags
  properties: {
    source: aks.id
    topicType: 'Microsoft.ContainerService.ManagedClusters'
  }
}

resource clusterTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: clusterTopicName
}

resource nodePoolRolling 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: clusterTopic
  name: 'aks-burst-nodepool-rolling'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionApp::eventGridFunction.id
        maxEventsPerBatch: 10
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.ContainerService.NodePoolRollingStarted'
        'Microsoft.ContainerService.NodePoolRollingSucceeded'
        'Microsoft.ContainerService.NodePoolRollingFailed'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 10
      eventTimeToLiveInMinutes: 60
    }
  }
  dependsOn: [
    newClusterTopic
  ]
}

output actionGroupId string = actionGroup.id
