// Virtual network for AKS (Azure CNI) and the virtual node (ACI in the same VNet).

@description('Azure region.')
param location string

@description('Name of the virtual network.')
param vnetName string

@description('Tags for every resource.')
param tags object

@description('Address space of the virtual network; must not overlap the cluster service CIDR.')
param addressPrefix string = '10.224.0.0/12'

@description('Subnet of the VM nodes (and, with Azure CNI, their pods).')
param nodeSubnetPrefix string = '10.224.0.0/16'

@description('Subnet of the virtual node: ACI container groups get their IPs here.')
param virtualNodeSubnetPrefix string = '10.225.0.0/16'

var nodeSubnetName = 'nodes'
var virtualNodeSubnetName = 'virtual-nodes'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: nodeSubnetName
        properties: {
          addressPrefix: nodeSubnetPrefix
        }
      }
      {
        name: virtualNodeSubnetName
        properties: {
          addressPrefix: virtualNodeSubnetPrefix
          // ACI can only place container groups in a subnet delegated to it.
          delegations: [
            {
              name: 'aci'
              properties: {
                serviceName: 'Microsoft.ContainerInstance/containerGroups'
              }
            }
          ]
        }
      }
    ]
  }

  resource nodeSubnet 'subnets' existing = {
    name: nodeSubnetName
  }

  resource virtualNodeSubnet 'subnets' existing = {
    name: virtualNodeSubnetName
  }
}

output vnetName string = vnet.name
output nodeSubnetId string = vnet::nodeSubnet.id
output nodeSubnetName string = nodeSubnetName
output virtualNodeSubnetId string = vnet::virtualNodeSubnet.id
output virtualNodeSubnetName string = virtualNodeSubnetName
