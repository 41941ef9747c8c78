// Loop: "ContinueLooping" LoopCount times, then "DoneLooping" (and the counter resets for a later entry).
import { numberParam } from '../../flow-definition.js';
import type { ActionModule } from '../../flow-types.js';
import { numberInRange } from '../action-helpers.js';

export const loop: ActionModule = {
  type: 'Loop',
  category: 'flow-control',
  conditions: ['ContinueLooping', 'DoneLooping'],
  check: (a) => numberInRange(a, 'LoopCount', 0, 100, true),
  run(ctx) {
    const id = ctx.action.Identifier;
    const count = numberParam(ctx.text(ctx.action.Parameters.LoopCount)) ?? 0;
    const done = ctx.state.loops[id] ?? 0;
    if (done < count) {
      ctx.state.loops[id] = done + 1;
      return { result: 'ContinueLooping' };
    }
    delete ctx.state.loops[id];
    return { result: 'DoneLooping' };
  },
};
