package dev.aksburst.plan;

import dev.aksburst.model.Resources;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The VM sizes a pool at zero nodes can be sized from: vCPUs, memory and GPUs of each Azure size,
 * as the Azure VM size pages list them. This table is the one input for it; a size missing here
 * makes a pool at zero nodes report that it can not be sized (scale it to one node, or add the
 * size). GPUs count as {@code nvidia.com/gpu}, which the NVIDIA device plugin advertises.
 */
final class VmSizes {
  /** One VM size: cores, memory in GiB, NVIDIA GPUs. */
  record VmSize(int cores, int memoryGiB, int gpus) {
    /** What the kubelet reports as capacity before AKS's reserve. */
    Resources capacity() {
      Resources r = Resources.of(cores * 1000L, memoryGiB * (1L << 30));
      return gpus > 0 ? r.with("nvidia.com/gpu", gpus) : r;
    }
  }

  private static final Map<String, VmSize> TABLE = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  static {
    put("Standard_DS1_v2", 1, 3, 0);
    put("Standard_DS2_v2", 2, 7, 0);
    put("Standard_DS3_v2", 4, 14, 0);
    put("Standard_DS4_v2", 8, 28, 0);
    put("Standard_DS5_v2", 16, 56, 0);
    put("Standard_B2s", 2, 4, 0);
    put("Standard_B2ms", 2, 8, 0);
    put("Standard_B4ms", 4, 16, 0);
    for (int c : new int[] {2, 4, 8, 16, 32, 48, 64, 96}) {
      put("Standard_D" + c + "s_v3", c, c * 4, 0);
      put("Standard_D" + c + "s_v4", c, c * 4, 0);
      put("Standard_D" + c + "s_v5", c, c * 4, 0);
      put("Standard_D" + c + "ds_v5", c, c * 4, 0);
      put("Standard_D" + c + "as_v5", c, c * 4, 0);
      put("Standard_D" + c + "ads_v5", c, c * 4, 0);
      put("Standard_D" + c + "s_v6", c, c * 4, 0);
      put("Standard_D" + c + "ds_v6", c, c * 4, 0);
      put("Standard_E" + c + "s_v5", c, c * 8, 0);
      put("Standard_E" + c + "ds_v5", c, c * 8, 0);
      put("Standard_E" + c + "as_v5", c, c * 8, 0);
      put("Standard_F" + c + "s_v2", c, c * 2, 0);
    }
    put("Standard_NC6s_v3", 6, 112, 1);
    put("Standard_NC12s_v3", 12, 224, 2);
    put("Standard_NC24s_v3", 24, 448, 4);
    put("Standard_NC4as_T4_v3", 4, 28, 1);
    put("Standard_NC8as_T4_v3", 8, 56, 1);
    put("Standard_NC16as_T4_v3", 16, 110, 1);
    put("Standard_NC64as_T4_v3", 64, 440, 4);
    put("Standard_NC24ads_A100_v4", 24, 220, 1);
    put("Standard_NC48ads_A100_v4", 48, 440, 2);
    put("Standard_NC96ads_A100_v4", 96, 880, 4);
  }

  private VmSizes() {}

  private static void put(String name, int cores, int memoryGiB, int gpus) {
    TABLE.put(name, new VmSize(cores, memoryGiB, gpus));
  }

  static Optional<VmSize> of(String vmSize) {
    return Optional.ofNullable(vmSize == null ? null : TABLE.get(vmSize));
  }
}
