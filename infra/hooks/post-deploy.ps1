# azd postdeploy hook (azure.yaml), PowerShell: the same steps as post-deploy.sh. Deploys
# infra/hooks/post-deploy.bicep once the deployed code's functions exist; every az call names the
# azd environment's subscription.
$ErrorActionPreference = 'Stop'

foreach ($name in 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_AKS_CLUSTER_NAME') {
  if (-not [Environment]::GetEnvironmentVariable($name)) {
    throw "aks-burst post-deploy: $name is not set: run azd provision first, and this hook through azd"
  }
}
$sub = $env:AZURE_SUBSCRIPTION_ID
$rg = $env:AZURE_RESOURCE_GROUP
$app = $env:AZURE_FUNCTION_APP_NAME
$cluster = $env:AZURE_AKS_CLUSTER_NAME

# Flex Consumption lists the functions only after its trigger sync; wait for both, bounded.
$attempts = if ($env:AKSBURST_FUNCTIONS_WAIT_ATTEMPTS) { [int]$env:AKSBURST_FUNCTIONS_WAIT_ATTEMPTS } else { 30 }
$delay = if ($env:AKSBURST_FUNCTIONS_WAIT_SECONDS) { [int]$env:AKSBURST_FUNCTIONS_WAIT_SECONDS } else { 10 }
for ($attempt = 1; ; $attempt++) {
  $names = @(az functionapp function list --subscription $sub --resource-group $rg --name $app --query "[].name" -o tsv 2>$null)
  $short = $names | ForEach-Object { ($_ -split '/')[-1].Trim() }
  if (($short -contains 'AlertFunction') -and ($short -contains 'EventGridFunction')) { break }
  if ($attempt -ge $attempts) {
    throw "aks-burst post-deploy: $app does not list both AlertFunction and EventGridFunction after $attempts checks $delay s apart (listed: $($short -join ' ')). Check the deployment of the code (azd deploy) and the app's logs, then run azd hooks run postdeploy."
  }
  Write-Host "aks-burst post-deploy: waiting for AlertFunction and EventGridFunction on $app ($attempt/$attempts)"
  Start-Sleep -Seconds $delay
}

# Azure allows one system topic per source: reuse one this resource group already holds.
$topics = az eventgrid system-topic list --subscription $sub --resource-group $rg --query "[].{source: source, name: name}" -o json | ConvertFrom-Json
function Get-TopicFor([string]$source) {
  $found = @($topics | Where-Object { $_.source -ieq $source } | Select-Object -First 1)
  if ($found.Count -gt 0) { $found[0].name } else { '' }
}
$rgId = az group show --subscription $sub --name $rg --query id -o tsv
$clusterId = az aks show --subscription $sub --resource-group $rg --name $cluster --query id -o tsv
$rgTopic = Get-TopicFor $rgId
$clusterTopic = Get-TopicFor $clusterId

az deployment group create `
  --subscription "$sub" `
  --resource-group "$rg" `
  --name aks-burst-post-deploy `
  --template-file infra/hooks/post-deploy.bicep `
  --parameters functionAppName="$env:AZURE_FUNCTION_APP_NAME" clusterName="$env:AZURE_AKS_CLUSTER_NAME" environmentName="$env:AZURE_ENV_NAME" `
  existingResourceGroupTopicName="$rgTopic" existingClusterTopicName="$clusterTopic"
if ($LASTEXITCODE -ne 0) { throw "aks-burst post-deploy: az deployment group create failed ($LASTEXITCODE)" }
