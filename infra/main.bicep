// aks-burst: AKS with the virtual node, the Function App that bursts workloads onto it, and the
// least-privilege access between them. Deployed by `azd up` (azure.yaml) or
// `az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json`.
// The alert action group and the Event Grid subscriptions need the deployed function code, so
// they are in infra/hooks/post-deploy.bicep, run after the code is deployed (see azure.yaml).
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the environment; with the resource group it seeds unique resource names.')
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Kubernetes version; empty takes the region default.')
param kubernetesVersion string = ''

@description('VM size of the cluster nodes.')
param vmSize string = 'Standard_D4ds_v5'

@description('Name of the VM pool aks-burst scales.')
@minLength(1)
@maxLength(12)
param burstPoolName string = 'burst'

@description('manual: aks-burst writes the pool count. autoscaler: aks-burst raises minCount during a burst.')
@allowed([
  'manual'
  'autoscaler'
])
param burstPoolMode string = 'manual'

@description('Node count of a manual pool, or minCount of an autoscaled one.')
@minValue(0)
param burstPoolMinCount int = 1

@description('maxCount of an autoscaled pool.')
@minValue(1)
param burstPoolMaxCount int = 10

@description('AKSBURST_MAX_POOL_NODES: cap for a manual pool.')
@minValue(1)
param maxPoolNodes int = 10

@description('AKSBURST_NAMESPACES: comma list of namespaces to watch; empty for all.')
param namespaces string = ''

@description('AKSBURST_DRY_RUN: plan and report, write nothing.')
param dryRun bool = false

@description('AKSBURST_RECONCILE_SCHEDULE: NCRONTAB of the reconcile safety net.')
param reconcileSchedule string = '0 */1 * * * *'

@description('AKSBURST_WINDOWS_SCHEDULE: NCRONTAB of the scheduled-windows timer.')
param windowsSchedule string = '0 */1 * * * *'

@description('Object id of the person, group or service principal to make cluster admin (azd passes the signed-in principal); empty for none.')
param principalId string = ''

@description('Type of principalId (azd passes AZURE_PRINCIPAL_TYPE: ServicePrincipal when a pipeline runs it).')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Kubernetes authorization of the app: azureRbac (custom role of data actions, default) or kubernetesRbac (apply infra/k8s/rbac.yaml bound to the app identity).')
@allowed([
  'azureRbac'
  'kubernetesRbac'
])
param kubernetesAuthorization string = 'azureRbac'

@description('true when an earlier deployment created the burst pool (azd: the output AKSBURST_BURST_POOL_EXISTS fed back); the pool is then not written again, so a running burst keeps its count.')
param burstPoolExists bool = false

@description('Always-ready instances for the HTTP functions on Flex Consumption (0 = off, the default; azd: AKSBURST_ALWAYS_READY).')
@minValue(0)
param alwaysReadyHttpInstances int = 0

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
}
var clusterName = 'aks-${token}'
// Namespace of the reconcile Lease and the pool-state ConfigMap (AKSBURST_STATE_NAMESPACE).
var stateNamespace = 'aks-burst'

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    tags: tags
    vnetName: 'vnet-${token}'
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: 'appi-${token}'
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
  }
}

module aks 'modules/aks.bicep' = {
  name: 'aks'
  params: {
    location: location
    tags: tags
    clusterName: clusterName
    kubernetesVersion: kubernetesVersion
    nodeSubnetId: network.outputs.nodeSubnetId
    virtualNodeSubnetName: network.outputs.virtualNodeSubnetName
    vmSize: vmSize
    burstPoolName: burstPoolName
    burstPoolMode: burstPoolMode
    burstPoolMinCount: burstPoolMinCount
    burstPoolMaxCount: burstPoolMaxCount
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    burstPoolExists: burstPoolExists
    stateNamespace: stateNamespace
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    functionAppName: 'func-${token}'
    planName: 'plan-${token}'
    storageAccountName: 'st${token}'
    identityName: 'id-${token}'
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    clusterId: aks.outputs.clusterId
    namespaces: namespaces
    maxPoolNodes: maxPoolNodes
    dryRun: dryRun
    reconcileSchedule: reconcileSchedule
    windowsSchedule: windowsSchedule
    stateNamespace: aks.outputs.stateNamespace
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  params: {
    clusterName: aks.outputs.clusterName
    stateNamespace: aks.outputs.stateNamespace
    vnetName: network.outputs.vnetName
    nodeSubnetName: network.outputs.nodeSubnetName
    virtualNodeSubnetName: network.outputs.virtualNodeSubnetName
    clusterPrincipalId: aks.outputs.clusterPrincipalId
    aciConnectorPrincipalId: aks.outputs.aciConnectorPrincipalId
    appPrincipalId: functionApp.outputs.identityPrincipalId
    adminPrincipalId: principalId
    adminPrincipalType: principalType
    grantKubernetesDataActions: kubernetesAuthorization == 'azureRbac'
  }
}

// azd stores these in the environment; the post-deploy hook and docs/deploy.md use them.
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_AKS_CLUSTER_NAME string = aks.outputs.clusterName
output AKSBURST_CLUSTER_ID string = aks.outputs.clusterId
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.functionAppName
output AZURE_FUNCTION_APP_HOSTNAME string = functionApp.outputs.functionAppHostName
output AZURE_APP_IDENTITY_PRINCIPAL_ID string = functionApp.outputs.identityPrincipalId
output AZURE_APP_IDENTITY_CLIENT_ID string = functionApp.outputs.identityClientId
output AKSBURST_BURST_POOL string = burstPoolName
// Fed back by main.parameters.json on the next `azd provision`: the burst pool is not written again.
output AKSBURST_BURST_POOL_EXISTS bool = true
