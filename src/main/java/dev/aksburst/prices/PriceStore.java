package dev.aksburst.prices;

/**
 * Where the last known prices are kept so that a restarted process has them before the API answers
 * again.
 */
public interface PriceStore {
  /** Nothing is kept: a restart starts without prices. */
  PriceStore NONE =
      new PriceStore() {
        @Override
        public Quotes load() {
          return Quotes.EMPTY;
        }

        @Override
        public void save(Quotes quotes) {}

        @Override
        public String describe() {
          return "nowhere";
        }
      };

  /** What was kept; empty when nothing (or nothing readable) was. */
  Quotes load();

  /** Keeps {@code quotes} in place of what was kept. */
  void save(Quotes quotes);

  String describe();
}
