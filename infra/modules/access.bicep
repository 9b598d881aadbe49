// Least-privilege access: what the Function App's identity may do on the cluster (Azure side and
// Kubernetes side), what the ACI connector and the cluster may do on their subnets, and
// (optionally) cluster-admin for the person running `azd up` so they can apply the manifests.

@description('Name of the AKS cluster.')
param clusterName string

@description('Managed namespace of the reconcile Lease and the pool-state ConfigMap (created by aks.bicep).')
param stateNamespace string

@description('Name of the virtual network holding both subnets.')
param vnetName string

@description('Name of the VM node subnet.')
param nodeSubnetName string

@description('Name of the subnet delegated to ACI.')
param virtualNodeSubnetName string

@description('Object id of the cluster\'s system-assigned identity.')
param clusterPrincipalId string

@description('Object id of the ACI connector add-on identity.')
param aciConnectorPrincipalId string

@description('Object id of the Function App\'s user-assigned managed identity.')
param appPrincipalId string

@description('Object id of a user or group to make cluster admin (Azure RBAC); empty for none.')
param adminPrincipalId string = ''

@description('Type of adminPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param adminPrincipalType string = 'User'

@description('Also grant the Kubernetes data actions through Azure RBAC (false: bind infra/k8s/rbac.yaml instead).')
param grantKubernetesDataActions bool = true

// Built-in roles.
var networkContributor = '4d97b98b-1d4f-4787-a291-c67834d212e7'
var aksRbacClusterAdmin = 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b'
var aksClusterUserRole = '4abbcc35-e782-43d8-92c5-2d3f1bd2253f'

// Custom role names are unique per tenant: the resource group's name alone repeats across
// subscriptions, so each name also carries a hash of the resource group's id.
var roleNameSuffix = '(${take(resourceGroup().name, 60)} ${uniqueString(resourceGroup().id)})'

// Azure (management plane) actions of aks-burst on the cluster: read agent pools and PUT one of
// them (or delete named empty machines of a manual pool at a restore), poll that operation, fetch the user kubeconfig (API server URL and CA). The agent-pool
// part of infra/roles/aks-burst-agentpool-operator.json: AzureRoleIT derives both from the ARM
// adapters' recorded requests. The file's Microsoft.Compute actions serve `vmss` mode (a plain
// scale set outside AKS), which this deployment does not set up (AKSBURST_VMSS_POOLS is empty);
// assigned on the cluster they would reach nothing, so they are not granted here.
var agentPoolOperatorActions = [
  'Microsoft.ContainerService/managedClusters/agentPools/read'
  'Microsoft.ContainerService/managedClusters/agentPools/write'
  'Microsoft.ContainerService/managedClusters/agentPools/deleteMachines/action'
  'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'
  'Microsoft.ContainerService/locations/operations/read'
]

// The agent-pool PUT sends the pool as read, vnetSubnetID included; on a bring-your-own VNet AKS
// checks that the caller may join that subnet (LinkedAuthorizationFailed otherwise). Assigned on
// the node subnet only.
var nodeSubnetJoinActions = [
  'Microsoft.Network/virtualNetworks/subnets/join/action'
]

// Kubernetes (data plane) actions of aks-burst under Azure RBAC for Kubernetes authorization.
// AKS maps a request to managedClusters/<group>/<resource>/<read|write|delete> (get/list/watch ->
// read, create/update/patch -> write: there is no separate "patch"). KubernetesPermissionsIT
// derives both sets from the requests the Kubernetes adapters send and fails on any difference.
// Cluster-wide: what the adapters read, and the writes they make on objects in workload
// namespaces (patch of Deployments, HPAs and pods; Events created and bumped). Azure RBAC can not
// narrow these writes to patch: docs/deploy.md says so and points to Kubernetes RBAC for that.
var clusterDataActions = [
  'Microsoft.ContainerService/managedClusters/apps/deployments/read'
  'Microsoft.ContainerService/managedClusters/apps/deployments/write'
  // Placeholder Deployments (aksburst.dev/capacity: placeholders) are deleted when a burst ends.
  'Microsoft.ContainerService/managedClusters/apps/deployments/delete'
  'Microsoft.ContainerService/managedClusters/apps/daemonsets/read'
  // Virtual nodes v2 StatefulSet (AKSBURST_VIRTUAL_NODE_STATEFULSET): read, replicas patched for a burst.
  'Microsoft.ContainerService/managedClusters/apps/statefulsets/read'
  'Microsoft.ContainerService/managedClusters/apps/statefulsets/write'
  'Microsoft.ContainerService/managedClusters/autoscaling/horizontalpodautoscalers/read'
  'Microsoft.ContainerService/managedClusters/node.k8s.io/runtimeclasses/read'
  'Microsoft.ContainerService/managedClusters/autoscaling/horizontalpodautoscalers/write'
  'Microsoft.ContainerService/managedClusters/policy/poddisruptionbudgets/read'
  'Microsoft.ContainerService/managedClusters/pods/read'
  'Microsoft.ContainerService/managedClusters/pods/write'
  'Microsoft.ContainerService/managedClusters/nodes/read'
  'Microsoft.ContainerService/managedClusters/events/read'
  'Microsoft.ContainerService/managedClusters/events/write'
]

// Only in the state namespace (the assignment's scope is the managed namespace): the Lease that
// serializes reconciles and the ConfigMap of pool baselines.
var stateNamespaceDataActions = [
  'Microsoft.ContainerService/managedClusters/configmaps/read'
  'Microsoft.ContainerService/managedClusters/configmaps/write'
  'Microsoft.ContainerService/managedClusters/coordination.k8s.io/leases/read'
  'Microsoft.ContainerService/managedClusters/coordination.k8s.io/leases/write'
]

resource aks 'Microsoft.ContainerService/managedClusters@2025-09-01' existing = {
  name: clusterName

  resource state 'managedNamespaces' existing = {
    name: stateNamespace
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: vnetName

  resource nodeSubnet 'subnets' existing = {
    name: nodeSubnetName
  }

  resource virtualNodeSubnet 'subnets' existing = {
    name: virtualNodeSubnetName
  }
}

// The ACI connector creates container groups in its subnet: it must be able to join it.
resource aciConnectorOnSubnet 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vnet::virtualNodeSubnet.id, aks.id, 'aciConnectorLinux', networkContributor)
  scope: vnet::virtualNodeSubnet
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', networkContributor)
    principalId: aciConnectorPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// A cluster in a bring-your-own VNet manages its node subnet (load balancers, routes).
resource clusterOnNodeSubnet 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vnet::nodeSubnet.id, aks.id, networkContributor)
  scope: vnet::nodeSubnet
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', networkContributor)
    principalId: clusterPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource agentPoolOperator 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'aks-burst-agentpool-operator')
  properties: {
    roleName: 'aks-burst agent pool operator ${roleNameSuffix}'
    description: 'Reads and resizes AKS agent pools (count or minCount), polls that operation, and fetches the cluster user kubeconfig. Nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: agentPoolOperatorActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource nodeSubnetJoiner 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'aks-burst-node-subnet-joiner')
  properties: {
    roleName: 'aks-burst node subnet joiner ${roleNameSuffix}'
    description: 'Join the node subnet, which AKS checks for the caller of an agent pool PUT on a custom VNet. Nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: nodeSubnetJoinActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource kubernetesOperator 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (grantKubernetesDataActions) {
  name: guid(resourceGroup().id, 'aks-burst-kubernetes-operator')
  properties: {
    roleName: 'aks-burst Kubernetes operator ${roleNameSuffix}'
    description: 'The Kubernetes API calls aks-burst makes in workload namespaces: read workloads, pods and nodes; patch Deployments, HPAs and pods; record Events.'
    type: 'CustomRole'
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: clusterDataActions
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource kubernetesStateKeeper 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (grantKubernetesDataActions) {
  name: guid(resourceGroup().id, 'aks-burst-kubernetes-state')
  properties: {
    roleName: 'aks-burst Kubernetes state ${roleNameSuffix}'
    description: 'The Lease and the pool-state ConfigMap of aks-burst; assigned on its namespace only.'
    type: 'CustomRole'
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: stateNamespaceDataActions
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource appAgentPoolOperator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(aks.id, appPrincipalId, agentPoolOperator.id)
  scope: aks
  properties: {
    roleDefinitionId: agentPoolOperator.id
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appNodeSubnetJoiner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vnet::nodeSubnet.id, appPrincipalId, 'aks-burst-node-subnet-joiner')
  scope: vnet::nodeSubnet
  properties: {
    roleDefinitionId: nodeSubnetJoiner.id
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appKubernetesState 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantKubernetesDataActions) {
  name: guid(aks::state.id, appPrincipalId, 'aks-burst-kubernetes-state')
  scope: aks::state
  properties: {
    roleDefinitionId: kubernetesStateKeeper.id
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appKubernetesOperator 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantKubernetesDataActions) {
  name: guid(aks.id, appPrincipalId, 'aks-burst-kubernetes-operator')
  scope: aks
  properties: {
    roleDefinitionId: kubernetesOperator.id
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource adminClusterAdmin 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(aks.id, adminPrincipalId, aksRbacClusterAdmin)
  scope: aks
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', aksRbacClusterAdmin)
    principalId: adminPrincipalId
    principalType: adminPrincipalType
  }
}

resource adminClusterUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(aks.id, adminPrincipalId, aksClusterUserRole)
  scope: aks
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', aksClusterUserRole)
    principalId: adminPrincipalId
    principalType: adminPrincipalType
  }
}
