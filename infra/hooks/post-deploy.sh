#!/bin/sh
# azd postdeploy hook (azure.yaml), POSIX shell: deploys infra/hooks/post-deploy.bicep once the
# deployed code's functions exist. Every az call names the azd environment's subscription, so a
# different default subscription of the Azure CLI does not matter.
set -eu

sub="${AZURE_SUBSCRIPTION_ID:?AZURE_SUBSCRIPTION_ID is not set: run this hook through azd (azd deploy / azd up)}"
rg="${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is not set: run azd provision first}"
app="${AZURE_FUNCTION_APP_NAME:?AZURE_FUNCTION_APP_NAME is not set: run azd provision first}"
cluster="${AZURE_AKS_CLUSTER_NAME:?AZURE_AKS_CLUSTER_NAME is not set: run azd provision first}"

# Flex Consumption lists the functions only after its trigger sync, which can finish after
# `azd deploy` returns; the action group and the Event Grid subscriptions are validated against
# AlertFunction and EventGridFunction. Wait for both, bounded.
attempts="${AKSBURST_FUNCTIONS_WAIT_ATTEMPTS:-30}"
delay="${AKSBURST_FUNCTIONS_WAIT_SECONDS:-10}"
attempt=1
while :; do
  names=$(az functionapp function list --subscription "$sub" --resource-group "$rg" --name "$app" \
    --query "[].name" -o tsv 2>/dev/null || true)
  if printf '%s\n' "$names" | grep -Eq '(^|/)AlertFunction$' \
    && printf '%s\n' "$names" | grep -Eq '(^|/)EventGridFunction$'; then
    break
  fi
  if [ "$attempt" -ge "$attempts" ]; then
    echo "aks-burst post-deploy: $app does not list both AlertFunction and EventGridFunction after $attempts checks $delay s apart (listed: $(printf '%s' "$names" | tr '\n' ' ')). Check the deployment of the code (azd deploy) and the app's logs, then run azd hooks run postdeploy." >&2
    exit 1
  fi
  echo "aks-burst post-deploy: waiting for AlertFunction and EventGridFunction on $app ($attempt/$attempts)"
  attempt=$((attempt + 1))
  sleep "$delay"
done

# Azure allows one system topic per source: reuse one this resource group already holds.
topic_for() {
  az eventgrid system-topic list --subscription "$sub" --resource-group "$rg" \
    --query "[].[source, name]" -o tsv \
    | awk -v want="$1" 'BEGIN { want = tolower(want) } tolower($1) == want { print $2; exit }'
}
rg_id=$(az group show --subscription "$sub" --name "$rg" --query id -o tsv)
cluster_id=$(az aks show --subscription "$sub" --resource-group "$rg" --name "$cluster" --query id -o tsv)
rg_topic=$(topic_for "$rg_id")
cluster_topic=$(topic_for "$cluster_id")

az deployment group create \
  --subscription "$sub" \
  --resource-group "$rg" \
  --name aks-burst-post-deploy \
  --template-file infra/hooks/post-deploy.bicep \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" clusterName="$AZURE_AKS_CLUSTER_NAME" environmentName="$AZURE_ENV_NAME" \
  existingResourceGroupTopicName="$rg_topic" existingClusterTopicName="$cluster_topic"
