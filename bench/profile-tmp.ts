import { runLevel } from './open-loop.js';
import { startSwitchboard, switchboardMessageTarget } from './targets.js';
async function main() {
const sb = await startSwitchboard({}, undefined, ['--cpu-prof', '--cpu-prof-dir=/tmp/sbprof']);
const target = await switchboardMessageTarget(sb, 'sb', 100);
const r = await runLevel(target, Number(process.argv[2] ?? 800), 6, 'p');
console.log(JSON.stringify(r));
target.close();
sb.process.kill('SIGTERM');
await new Promise((res) => sb.process.once('exit', res));
process.exit(0);

}
void main();
