const Sequencer = require('@jest/test-sequencer').default;

/** `npm test` runs the unit layer first (seconds, no database), then integration in jest's usual order. */
class UnitFirst extends Sequencer {
  sort(tests) {
    const unit = (t) => (t.context.config.displayName?.name === 'unit' ? 0 : 1);
    return super.sort(tests).sort((a, b) => unit(a) - unit(b));
  }
}
module.exports = UnitFirst;
