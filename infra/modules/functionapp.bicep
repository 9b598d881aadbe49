// The aks-burst Function App on Flex Consumption (Linux, Java 17) with its user-assigned managed
// identity, host storage (identity-based, no keys) and Application Insights (Entra auth).

@description('Azure region.')
param location string

@description('Tags for every resource; the app also gets azd-service-name so `azd deploy` finds it.')
param tags object

@description('Name of the Function App.')
param functionAppName string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the storage account (host storage and the deployment package container).')
param storageAccountName string

@description('Name of the user-assigned managed identity the app runs as.')
param identityName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('ARM resource id of the AKS cluster aks-burst manages.')
param clusterId string

@description('Comma list of namespaces to watch; empty watches all.')
param namespaces string

@description('Cap for manual pools (agent pools have no max of their own).')
param maxPoolNodes int

@description('true: plan and report, write nothing.')
param dryRun bool

@description('NCRONTAB of the reconcile safety-net timer.')
param reconcileSchedule string

@description('NCRONTAB of the scheduled-windows timer.')
param windowsSchedule string

@description('Namespace of the reconcile Lease and the pool state (the managed namespace aks.bicep creates).')
param stateNamespace string

@description('Most instances the app may scale out to.')
param maximumInstanceCount int = 40

@description('Memory of one instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP functions (alert, burst, status, dashboard); 0 = scale to zero. Each is billed around the clock for instanceMemoryMB (see docs/operating.md).')
@minValue(0)
param alwaysReadyHttpInstances int = 0

var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'

// Role ids (built-in roles).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The host and the deployment both authenticate with the managed identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// Settings of the Functions host (identity-based storage and telemetry).
var hostSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  // The Application Insights Java agent of the Functions Java worker: it exports the app's
  // OpenTelemetry metrics (BurstMetrics) and its java.util.logging lines (docs/operating.md).
  APPLICATIONINSIGHTS_ENABLE_AGENT: 'true'
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
}

// Every setting aks-burst reads (docs/settings.md). A test keeps this list, local.settings.json and
// the code in step.
var aksBurstSettings = {
  AZURE_CLIENT_ID: identity.properties.clientId
  AKSBURST_CLUSTER_ID: clusterId
  AKSBURST_AZURE_CLOUD: environment().name
  AKSBURST_ARM_ENDPOINT: ''
  AKSBURST_KUBECONFIG: ''
  // entra: a managed-identity token for the Entra-integrated API server (this deployment).
  AKSBURST_KUBE_AUTH: 'entra'
  // Namespace of the reconcile Lease and the pool state (aks.bicep creates it).
  AKSBURST_STATE_NAMESPACE: stateNamespace
  AKSBURST_VMSS_POOLS: ''
  AKSBURST_VIRTUAL_NODE_LABEL: 'type=virtual-kubelet'
  AKSBURST_VIRTUAL_NODE_TAINT: 'virtual-kubelet.io/provider'
  // Virtual nodes v2: namespace/name of their StatefulSet lets aks-burst add virtual nodes for a burst.
  AKSBURST_VIRTUAL_NODE_STATEFULSET: ''
  // Node auto-provisioning or no ARM rights: placeholders (docs/annotations.md#capacity-mode).
  AKSBURST_CAPACITY_MODE: 'node-pool'
  AKSBURST_PLACEHOLDER_PRIORITY_CLASS: 'aks-burst-placeholder'
  AKSBURST_SIMULATE: 'false'
  AKSBURST_NAMESPACES: namespaces
  AKSBURST_MAX_POOL_NODES: string(maxPoolNodes)
  AKSBURST_DRY_RUN: string(dryRun)
  AKSBURST_RECONCILE_SCHEDULE: reconcileSchedule
  AKSBURST_WINDOWS_SCHEDULE: windowsSchedule
  // Money (docs/economics.md): unset prices keep the VM route and say so in a CapacityDecision Event.
  AKSBURST_POOL_PRICES: ''
  AKSBURST_ACI_PRICES: ''
  AKSBURST_VM_DISCOUNT: '0'
  AKSBURST_PRICES_API: 'https://prices.azure.com'
  // Last known prices across restarts: /home is the app's persistent storage on Premium/Dedicated plans.
  AKSBURST_PRICES_FILE: '/home/data/aks-burst/last-known-prices.json'
  AKSBURST_ACI_CORE_QUOTA: '100'
  AKSBURST_ACI_GROUP_QUOTA: '100'
  AKSBURST_ACI_CREATES_PER_5MIN: '100'
  AKSBURST_ACI_DELETES_PER_5MIN: '100'
  AKSBURST_EXPECTED_BURST: '30m'
  AKSBURST_NODE_BOOT: '5m'
  // Timings (docs/settings.md, "Timings"): the planner's cooldown, holds and budget, the Kubernetes client's timeouts.
  AKSBURST_SCALE_IN_COOLDOWN: '3m'
  AKSBURST_POOL_HOLD: '10m'
  AKSBURST_BACKFILL_TIMEOUT: '10m'
  AKSBURST_BACKFILL_BACKOFF: '5m'
  AKSBURST_INTENT_RETENTION: '1h'
  AKSBURST_ROLLING_PAUSE_LIMIT: '3h'
  AKSBURST_POOL_BUSY_RETRY: '1m'
  AKSBURST_POOL_FAILED_RETRY: '5m'
  AKSBURST_WRITE_BUDGET: '60'
  AKSBURST_KUBE_CONNECT_TIMEOUT: '3s'
  AKSBURST_KUBE_REQUEST_TIMEOUT: '10s'
  AKSBURST_ARM_CONNECT_TIMEOUT: '3s'
  AKSBURST_ARM_REQUEST_TIMEOUT: '10s'
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      // No FTP at all; deployments go through azd / the publish endpoint with Entra tokens.
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // The 'http' group is every HTTP-triggered function of the app (Flex Consumption).
        alwaysReady: alwaysReadyHttpInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
  }
  dependsOn: [
    blobOwner
    metricsPublisher
  ]
}

// App settings as one object, not a `for` loop: the settings hold values known only at deployment
// (the identity's client id, the connection string), and Bicep requires a loop's collection to be
// known at the start (BCP178). This PUT replaces the whole set, so it carries every setting.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(hostSettings, aksBurstSettings)
}

// No basic (user name and password) publishing credentials, for FTP nor for the SCM site.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output functionAppName string = functionApp.name
output functionAppId string = functionApp.id
output functionAppHostName string = functionApp.properties.defaultHostName
output identityId string = identity.id
output identityPrincipalId string = identity.properties.principalId
output identityClientId string = identity.properties.clientId
