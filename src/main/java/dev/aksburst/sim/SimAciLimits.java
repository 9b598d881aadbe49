package dev.aksburst.sim;

/**
 * ACI's limits per subscription and region besides the core quota ({@link
 * SimSettings#aciCoreQuota()}): container groups (every pod on a virtual node is one), and how many
 * container groups may be created and deleted in any 5 minutes.
 *
 * @param groupQuota container groups that may exist at once; a pod beyond it fails as ACI refuses
 *     it
 * @param createsPer5Min creates in any 5 minutes; a pod beyond it stays Pending until a slot frees
 * @param deletesPer5Min deletes in any 5 minutes; a container group beyond it stays (and is billed)
 *     until a slot frees
 */
public record SimAciLimits(int groupQuota, int createsPer5Min, int deletesPer5Min) {
  /** Azure's defaults: 100 container groups, 100 creates and 100 deletes per 5 minutes. */
  public static final SimAciLimits AZURE_DEFAULTS = new SimAciLimits(100, 100, 100);

  public SimAciLimits {
    if (groupQuota < 0 || createsPer5Min < 1 || deletesPer5Min < 1) {
      throw new IllegalArgumentException(
          "ACI limits: groupQuota >= 0, createsPer5Min >= 1 and deletesPer5Min >= 1 are required,"
              + " got "
              + groupQuota
              + "/"
              + createsPer5Min
              + "/"
              + deletesPer5Min);
    }
  }
}
