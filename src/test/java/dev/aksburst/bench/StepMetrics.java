package dev.aksburst.bench;

import java.time.Duration;

/**
 * One step of a what-if run.
 *
 * @param at offset from the start of the run
 * @param demand replicas the trace asks for
 * @param readyOnVm Ready replicas on VM nodes
 * @param readyOnVirtual Ready replicas on the virtual node
 * @param notReady replicas not Ready yet (unscheduled or starting)
 * @param vmNodes VM nodes that exist (billed), booting and draining ones included
 * @param readyVmNodes VM nodes Ready and schedulable
 * @param unmetPodSeconds cumulative pod-seconds where Ready replicas were below the demand
 * @param cost cumulative dollars (VM nodes and ACI)
 */
public record StepMetrics(
    Duration at,
    int demand,
    int readyOnVm,
    int readyOnVirtual,
    int notReady,
    int vmNodes,
    int readyVmNodes,
    double unmetPodSeconds,
    double cost) {
  public int ready() {
    return readyOnVm + readyOnVirtual;
  }
}
