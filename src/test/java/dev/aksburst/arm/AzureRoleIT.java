package dev.aksburst.arm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.aksburst.infra.Bicep;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Azure (management plane) permissions of aks-burst are derived from the requests its ARM
 * adapters send. Every operation of every ARM adapter runs once against the fake ARM (agent pools
 * listed, one pool read, PUT and its operation polled; a VM scale set read, PATCHed and its
 * operation polled; the user kubeconfig fetched); each recorded request is mapped to its Azure RBAC
 * action. The agent-pool and credential requests must be exactly the actions of {@code
 * infra/roles/aks-burst-agentpool-operator.json} and of the role {@code infra/modules/access.bicep}
 * assigns on the cluster; the scale-set requests exactly those of {@code
 * infra/roles/aks-burst-scaleset-operator.json}, which is assigned on a scale set (an action on
 * {@code Microsoft.Compute} granted on the cluster reaches nothing: the scale sets are elsewhere).
 */
class AzureRoleIT {
  static final Path ROLE_JSON = Path.of("infra/roles/aks-burst-agentpool-operator.json");
  static final Path SCALE_SET_ROLE_JSON = Path.of("infra/roles/aks-burst-scaleset-operator.json");
  static final Path SUBNET_ROLE_JSON = Path.of("infra/roles/aks-burst-node-subnet-joiner.json");

  /** Operations of the plain scale-set adapter (vmss mode): the recorded names start with it. */
  private static final String SCALE_SETS = "scale sets:";

  static final Path ACCESS_BICEP = Path.of("infra/modules/access.bicep");

  private static final String POOL = FakeArm.POOLS + "/agentpool1";
  private static final String POOL_OPERATION =
      "/subscriptions/"
          + FakeArm.SUB
          + "/providers/Microsoft.ContainerService/locations/westeurope/operations/op1";
  private static final String VMSS =
      "/subscriptions/"
          + FakeArm.SUB
          + "/resourceGroups/rg2/providers/Microsoft.Compute/virtualMachineScaleSets/workers";
  private static final String VMSS_OPERATION =
      "/subscriptions/"
          + FakeArm.SUB
          + "/providers/Microsoft.Compute/locations/westeurope/operations/v1";

  /** The action of each request, by the adapter operation that sent it. */
  private static final Map<String, List<String>> ACTIONS = new LinkedHashMap<>();

  private static final List<String> UNMATCHED = new ArrayList<>();
  private static FakeArm arm;

  @BeforeAll
  static void driveEveryArmOperation() {
    arm = new FakeArm();
    stubAgentPools();
    stubScaleSet();
    stubCredentials();

    ArmNodePoolScaler agentPools =
        new ArmNodePoolScaler(arm.clients(), ClusterId.parse(FakeArm.CLUSTER_ID));
    NodePoolView pool = agentPools.describe().get(0);
    record("agent pools: describe");
    ScaleOutcome poolScaled = agentPools.scale(pool, 6);
    record("agent pools: scale");
    agentPools.describe();
    record("agent pools: describe with an operation pending");
    // another instance (none of its writes pending) lowers the pool by deleting named machines
    ScaleOutcome machinesDeleted =
        new ArmNodePoolScaler(arm.clients(), ClusterId.parse(FakeArm.CLUSTER_ID))
            .deleteMachines(pool, List.of("aks-agentpool1-12345678-vmss000002"));
    record("agent pools: delete machines");

    VmssNodePoolScaler scaleSets =
        new VmssNodePoolScaler(
            arm.clients(), List.of(VmssPool.parse("workers", VMSS, 30, "AzureRoleIT")));
    NodePoolView set = scaleSets.describe().get(0);
    record("scale sets: describe");
    ScaleOutcome setScaled = scaleSets.scale(set, 5);
    record("scale sets: scale");
    scaleSets.describe();
    record("scale sets: describe with an operation pending");

    new ArmClusterCredentials(
            arm.clients(),
            ClusterId.parse(FakeArm.CLUSTER_ID),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
        .userKubeconfig();
    record("credentials: user kubeconfig");

    assertThat(pool.mode()).isEqualTo(PoolMode.MANUAL);
    assertThat(set.mode()).isEqualTo(PoolMode.VMSS);
    assertThat(poolScaled).as("agent pool PUT accepted").isInstanceOf(ScaleOutcome.Started.class);
    assertThat(setScaled).as("scale set PATCH accepted").isInstanceOf(ScaleOutcome.Started.class);
    assertThat(machinesDeleted)
        .as("deleteMachines POST accepted")
        .isInstanceOf(ScaleOutcome.Started.class);
  }

  @AfterAll
  static void stop() {
    arm.close();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String agentPool(int count, String state) {
    return "{\"id\":\""
        + POOL
        + "\",\"name\":\"agentpool1\",\"properties\":{\"count\":"
        + count
        + ",\"vmSize\":\"Standard_DS1_v2\",\"maxPods\":110,\"mode\":\"User\","
        + "\"enableAutoScaling\":false,\"provisioningState\":\""
        + state
        + "\"}}";
  }

  private static String scaleSet(int capacity, String state) {
    return "{\"name\":\"workers\",\"sku\":{\"name\":\"Standard_D4s_v5\",\"capacity\":"
        + capacity
        + "},\"properties\":{\"provisioningState\":\""
        + state
        + "\"}}";
  }

  private static void stubAgentPools() {
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(json(200, "{\"value\":[" + agentPool(3, "Succeeded") + "]}")));
    arm.server.stubFor(get(urlPathEqualTo(POOL)).willReturn(json(200, agentPool(3, "Succeeded"))));
    arm.server.stubFor(
        put(urlPathEqualTo(POOL))
            .willReturn(
                json(201, agentPool(3, "Updating"))
                    .withHeader(
                        "Azure-AsyncOperation",
                        FakeArm.ENDPOINT + POOL_OPERATION + "?api-version=2016-03-30")));
    arm.server.stubFor(
        get(urlPathEqualTo(POOL_OPERATION)).willReturn(json(200, "{\"status\":\"InProgress\"}")));
    arm.server.stubFor(
        post(urlPathEqualTo(POOL + "/deleteMachines"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader(
                        "Azure-AsyncOperation",
                        FakeArm.ENDPOINT + POOL_OPERATION + "?api-version=2016-03-30")));
  }

  private static void stubScaleSet() {
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, scaleSet(2, "Succeeded"))));
    arm.server.stubFor(
        patch(urlPathEqualTo(VMSS))
            .willReturn(
                json(200, scaleSet(2, "Updating"))
                    .withHeader(
                        "Azure-AsyncOperation",
                        FakeArm.ENDPOINT + VMSS_OPERATION + "?api-version=2024-07-01")));
    arm.server.stubFor(
        get(urlPathEqualTo(VMSS_OPERATION)).willReturn(json(200, "{\"status\":\"InProgress\"}")));
  }

  private static void stubCredentials() {
    String kubeconfig = "apiVersion: v1\nkind: Config\n";
    arm.server.stubFor(
        post(urlPathEqualTo(FakeArm.CLUSTER_ID + "/listClusterUserCredential"))
            .willReturn(
                json(
                    200,
                    "{\"kubeconfigs\":[{\"name\":\"clusterUser\",\"value\":\""
                        + Base64.getEncoder()
                            .encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))
                        + "\"}]}")));
  }

  /** Maps the requests served since the last call to actions, oldest first, and forgets them. */
  private static void record(String operation) {
    List<ServeEvent> events = new ArrayList<>(arm.server.getAllServeEvents());
    Collections.reverse(events);
    List<String> actions = new ArrayList<>();
    for (ServeEvent e : events) {
      String method = e.getRequest().getMethod().getName();
      String url = e.getRequest().getUrl();
      if (!e.getWasMatched()) {
        UNMATCHED.add(operation + ": " + method + " " + url);
      }
      actions.add(ArmActions.of(method, url));
    }
    ACTIONS.put(operation, actions);
    arm.server.resetRequests();
  }

  /** The actions of the operations whose names start ({@code scaleSets}) or not with SCALE_SETS. */
  private static Set<String> derived(boolean scaleSets) {
    return ACTIONS.entrySet().stream()
        .filter(e -> e.getKey().startsWith(SCALE_SETS) == scaleSets)
        .flatMap(e -> e.getValue().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> derived() {
    return derived(false);
  }

  private static List<String> jsonActions(String field) throws IOException {
    return jsonActions(ROLE_JSON, field);
  }

  private static List<String> jsonActions(Path file, String field) throws IOException {
    JsonNode role = new ObjectMapper().readTree(file.toFile());
    JsonNode values = role.path(field);
    assertThat(values.isArray()).as("%s has an array %s", file, field).isTrue();
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return out;
  }

  @Test
  void everyOperationSentRequestsTheFakeArmExpected() {
    assertThat(UNMATCHED).as("requests no stub answered").isEmpty();
    ACTIONS.forEach((operation, actions) -> assertThat(actions).as(operation).isNotEmpty());
  }

  @Test
  void theRoleFileGrantsExactlyTheActionsTheAdaptersUse() throws IOException {
    List<String> actions = jsonActions("Actions");
    assertThat(actions).as("Actions of %s", ROLE_JSON).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(actions))
        .as("Actions of %s against the recorded requests %s", ROLE_JSON, ACTIONS)
        .containsExactlyElementsOf(derived());
    assertThat(jsonActions("DataActions")).as("DataActions of %s", ROLE_JSON).isEmpty();
    assertThat(jsonActions("NotActions")).as("NotActions of %s", ROLE_JSON).isEmpty();
  }

  @Test
  void theBicepRoleIsTheRoleFile() throws IOException {
    List<String> bicep = Bicep.read(ACCESS_BICEP).stringArrayVar("agentPoolOperatorActions");
    assertThat(bicep).as("agentPoolOperatorActions in %s", ACCESS_BICEP).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(bicep))
        .as("agentPoolOperatorActions in %s against Actions of %s", ACCESS_BICEP, ROLE_JSON)
        .containsExactlyElementsOf(new TreeSet<>(jsonActions("Actions")));
    assertThat(new TreeSet<>(bicep))
        .as("agentPoolOperatorActions in %s against the recorded requests", ACCESS_BICEP)
        .containsExactlyElementsOf(derived());
  }

  @Test
  void theScaleSetRoleFileGrantsExactlyTheScaleSetRequestsAndNoneIsOnTheCluster()
      throws IOException {
    Set<String> scaleSets = derived(true);
    assertThat(scaleSets)
        .as("scale-set requests")
        .isNotEmpty()
        .allMatch(a -> a.startsWith("Microsoft.Compute/"));
    assertThat(new TreeSet<>(jsonActions(SCALE_SET_ROLE_JSON, "Actions")))
        .as("Actions of %s against the scale-set requests", SCALE_SET_ROLE_JSON)
        .containsExactlyElementsOf(scaleSets);
    assertThat(jsonActions("Actions"))
        .as("%s is assigned on the cluster: no scale-set action reaches anything there", ROLE_JSON)
        .noneMatch(a -> a.startsWith("Microsoft.Compute/"));
    assertThat(Bicep.read(ACCESS_BICEP).stringArrayVar("agentPoolOperatorActions"))
        .as("agentPoolOperatorActions in %s (assigned on the cluster)", ACCESS_BICEP)
        .noneMatch(a -> a.startsWith("Microsoft.Compute/"));
  }

  @Test
  void theSubnetJoinTheAgentPoolPutNeedsIsGrantedOnTheNodeSubnet() throws IOException {
    // The PUT sends the pool as the GET returned it, vnetSubnetID included: AKS then checks the
    // caller's subnets/join/action on that subnet (a bring-your-own VNet, as infra/ deploys).
    String join = "Microsoft.Network/virtualNetworks/subnets/join/action";
    assertThat(Bicep.read(ACCESS_BICEP).stringArrayVar("nodeSubnetJoinActions"))
        .as("nodeSubnetJoinActions in %s", ACCESS_BICEP)
        .containsExactly(join);
    assertThat(jsonActions(SUBNET_ROLE_JSON, "Actions")).containsExactly(join);
    assertThat(Bicep.read(ACCESS_BICEP).source())
        .as("%s assigns the subnet role to the app on the node subnet", ACCESS_BICEP)
        .containsPattern(
            "resource appNodeSubnetJoiner [^\\n]+ = \\{\\s*name: [^\\n]+\\s*scope: vnet::nodeSubnet\\s*"
                + "properties: \\{\\s*roleDefinitionId: nodeSubnetJoiner\\.id\\s*principalId: appPrincipalId");
  }
}
