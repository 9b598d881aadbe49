// AKS with Azure CNI, the virtual node (ACI connector add-on), Container Insights and the VM pool
// that aks-burst grows and shrinks.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the cluster.')
param clusterName string

@description('Kubernetes version; empty takes the region default.')
param kubernetesVersion string = ''

@description('Resource id of the VM node subnet.')
param nodeSubnetId string

@description('Name of the subnet delegated to ACI, in the same VNet, for the virtual node.')
param virtualNodeSubnetName string

@description('VM size of the system pool and of the burst pool.')
param vmSize string

@description('Nodes of the system pool (CoreDNS, metrics-server, the ACI connector).')
@minValue(1)
param systemNodeCount int = 1

@description('Name of the user pool that aks-burst scales (the `aksburst.dev/node-pool` of the workloads).')
param burstPoolName string

@description('manual: aks-burst writes the pool count. autoscaler: the cluster autoscaler owns the count and aks-burst raises minCount during a burst.')
@allowed([
  'manual'
  'autoscaler'
])
param burstPoolMode string

@description('Node count of a manual burst pool, or minCount of an autoscaled one.')
@minValue(0)
param burstPoolMinCount int

@description('maxCount of an autoscaled burst pool (ignored for manual pools: use AKSBURST_MAX_POOL_NODES).')
@minValue(1)
param burstPoolMaxCount int

@description('Resource id of the Log Analytics workspace for Container Insights.')
param logAnalyticsId string

@description('true once an earlier deployment created the burst pool: it is then left as aks-burst keeps it (its count or minCount may be raised by a running burst), not written again.')
param burstPoolExists bool = false

@description('Namespace of the reconcile Lease and the pool-state ConfigMap, created here as an AKS managed namespace.')
param stateNamespace string

var autoscaled = burstPoolMode == 'autoscaler'

resource aks 'Microsoft.ContainerService/managedClusters@2025-09-01' = {
  name: clusterName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: clusterName
    kubernetesVersion: empty(kubernetesVersion) ? null : kubernetesVersion
    // Entra ID authentication and Azure RBAC authorization for the Kubernetes API: the Function
    // App's managed identity gets a custom role of exactly the data actions it uses.
    aadProfile: {
      managed: true
      enableAzureRBAC: true
    }
    disableLocalAccounts: true
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: systemNodeCount
        vmSize: vmSize
        osType: 'Linux'
        type: 'VirtualMachineScaleSets'
        vnetSubnetID: nodeSubnetId
      }
    ]
    networkProfile: {
      // The virtual node requires Azure CNI (not kubenet, not overlay).
      networkPlugin: 'azure'
      loadBalancerSku: 'standard'
      serviceCidr: '10.0.0.0/16'
      dnsServiceIP: '10.0.0.10'
    }
    addonProfiles: {
      aciConnectorLinux: {
        enabled: true
        config: {
          SubnetName: virtualNodeSubnetName
        }
      }
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: logAnalyticsId
          useAADAuth: 'true'
        }
      }
    }
  }
}

// The pool aks-burst scales is its own resource, not an entry of agentPoolProfiles: a cluster PUT
// (every `azd provision`) would write its count and minCount back to the template's values in the
// middle of a burst. It is created by the first deployment only (burstPoolExists: main.bicep's
// output AKSBURST_BURST_POOL_EXISTS, which azd feeds back through main.parameters.json); later
// cluster PUTs leave out a pool they do not list, so a running burst's pool stays as it is.
resource burstPool 'Microsoft.ContainerService/managedClusters/agentPools@2025-09-01' = if (!burstPoolExists) {
  parent: aks
  name: burstPoolName
  properties: {
    mode: 'User'
    count: burstPoolMinCount
    vmSize: vmSize
    osType: 'Linux'
    type: 'VirtualMachineScaleSets'
    vnetSubnetID: nodeSubnetId
    enableAutoScaling: autoscaled
    minCount: autoscaled ? burstPoolMinCount : null
    maxCount: autoscaled ? burstPoolMaxCount : null
  }
}

// The namespace of the Lease and the pool ConfigMap exists from the start in both authorization
// modes (the app never creates namespaces, so it needs no right to). An AKS managed namespace
// (ARM resource): the role assignment of the app's state rights is scoped to it (access.bicep).
// Always: adopt a namespace an earlier `kubectl apply` created; Keep: removing this resource from
// the template does not delete the pool baselines.
resource stateNs 'Microsoft.ContainerService/managedClusters/managedNamespaces@2025-09-01' = {
  parent: aks
  name: stateNamespace
  properties: {
    labels: {
      'app.kubernetes.io/name': 'aks-burst'
    }
    adoptionPolicy: 'Always'
    deletePolicy: 'Keep'
  }
}

// Container Insights with managed identity authentication collects through this rule.
resource containerInsightsRule 'Microsoft.Insights/dataCollectionRules@2022-06-01' = {
  name: 'MSCI-${location}-${clusterName}'
  location: location
  tags: tags
  kind: 'Linux'
  properties: {
    dataSources: {
      extensions: [
        {
          name: 'ContainerInsightsExtension'
          extensionName: 'ContainerInsights'
          streams: [
            'Microsoft-ContainerInsights-Group-Default'
          ]
          extensionSettings: {
            dataCollectionSettings: {
              interval: '1m'
              namespaceFilteringMode: 'Off'
              enableContainerLogV2: true
            }
          }
        }
      ]
    }
    destinations: {
      logAnalytics: [
        {
          name: 'ciworkspace'
          workspaceResourceId: logAnalyticsId
        }
      ]
    }
    dataFlows: [
      {
        streams: [
          'Microsoft-ContainerInsights-Group-Default'
        ]
        destinations: [
          'ciworkspace'
        ]
      }
    ]
  }
}

resource containerInsightsAssociation 'Microsoft.Insights/dataCollectionRuleAssociations@2022-06-01' = {
  name: 'ContainerInsightsExtension'
  scope: aks
  properties: {
    dataCollectionRuleId: containerInsightsRule.id
    description: 'Container Insights for ${clusterName}'
  }
}

output clusterId string = aks.id
output stateNamespace string = stateNs.name
output clusterName string = aks.name
output clusterPrincipalId string = aks.identity.principalId
output aciConnectorPrincipalId string = aks.properties.addonProfiles.aciConnectorLinux.identity.objectId
