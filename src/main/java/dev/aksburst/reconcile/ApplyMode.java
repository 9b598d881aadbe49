package dev.aksburst.reconcile;

/** How the applier treats a plan: write it, or report every action as skipped (dry run). */
public enum ApplyMode {
  WRITE,
  /** {@code AKSBURST_DRY_RUN=true} or a dry-run request: plan and report, write nothing. */
  DRY_RUN
}
