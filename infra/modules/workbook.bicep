// The aks-burst workbook: KQL over the metrics the app emits to Application Insights through
// OpenTelemetry (bursts per day, ACI pod-hours, time to full capacity, decisions, cost and savings,
// failures by Azure code, alert-to-first-write). The queries are also in docs/operating.md.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Resource id of the Application Insights component the queries run against.')
param applicationInsightsId string

resource workbook 'Microsoft.Insights/workbooks@2022-04-01' = {
  // A workbook's name must be a GUID; stable per resource group so azd up updates it in place.
  name: guid(resourceGroup().id, 'aks-burst-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'aks-burst'
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: replace(
      loadTextContent('../workbook/aks-burst.workbook.json'),
      '__APPLICATION_INSIGHTS_ID__',
      applicationInsightsId
    )
  }
}

output workbookId string = workbook.id
