package dev.aksburst.plan;

import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import dev.aksburst.model.SpreadCounts;
import dev.aksburst.model.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * First-fit bin packing of pod requests into node room (cpu, memory, pod slots), honouring each
 * pod's tolerations, node selection and {@code DoNotSchedule} topology spread. Local to one
 * planning call: bins are consumed as pods are placed.
 */
final class Packer {
  /** Room on one node (existing, provisioning or new). */
  static final class Bin {
    private final String label;

    /** The node's name, or null for a node the pool would add. */
    private final String name;

    private final Map<String, String> labels;
    private final List<Taint> taints;
    private Resources room;
    private int slots;

    Bin(
        String label,
        String name,
        Map<String, String> labels,
        List<Taint> taints,
        Resources room,
        int slots) {
      this.label = label;
      this.name = name;
      this.labels = labels;
      this.taints = taints;
      this.room = room;
      this.slots = slots;
    }

    static Bin freeRoomOf(NodeView node) {
      return new Bin(
          node.name(),
          node.name(),
          node.labels(),
          node.taints(),
          node.freeRoom(),
          node.freePodSlots());
    }

    boolean admits(Placement placement) {
      return placement.tolerates(taints) && placement.selects(name, labels);
    }

    /** The pod may go here: admitted, fits, and its spread allows it. */
    boolean takes(Resources requests, Placement placement, SpreadCounts spread) {
      return admits(placement) && fits(requests) && spread.allows(labels);
    }

    /** Takes a pod counted by {@code spread}. */
    void take(Resources requests, SpreadCounts spread) {
      take(requests);
      spread.add(labels);
    }

    boolean fits(Resources requests) {
      return slots > 0 && requests.fitsIn(room);
    }

    void take(Resources requests) {
      room = room.minusFloored(requests);
      slots--;
    }

    String label() {
      return label;
    }
  }

  private final List<Bin> bins;

  Packer(List<Bin> bins) {
    this.bins = new ArrayList<>(bins);
  }

  void add(Bin bin) {
    bins.add(bin);
  }

  /** Places one pod in the first bin that admits and fits it. */
  boolean place(Resources requests, Placement placement) {
    return place(requests, placement, SpreadCounts.none());
  }

  /**
   * Places one pod in the first bin that admits and fits it and where its topology spread allows it
   * (the pod is then counted in {@code spread}).
   */
  boolean place(Resources requests, Placement placement, SpreadCounts spread) {
    for (Bin b : bins) {
      if (b.admits(placement) && b.fits(requests) && spread.allows(b.labels)) {
        b.take(requests);
        spread.add(b.labels);
        return true;
      }
    }
    return false;
  }

  /** How many pods of these requests fit, placing them, up to {@code limit}. */
  int placeUpTo(Resources requests, Placement placement, int limit) {
    return placeUpTo(requests, placement, SpreadCounts.none(), limit);
  }

  int placeUpTo(Resources requests, Placement placement, SpreadCounts spread, int limit) {
    int placed = 0;
    while (placed < limit && place(requests, placement, spread)) {
      placed++;
    }
    return placed;
  }
}
