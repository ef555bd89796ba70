import type { Flow } from './flow.ts';

/** Commands the engine answers itself, in every flow. */
const ENGINE_COMMANDS = ['back', 'skip', 'done', 'cancel', 'help'];

/** Two flows claim the same name: the bot refuses to start rather than route at random. */
export class FlowConflictError extends Error {
  constructor(message: string) {
    super(`${message}. Rename it in one of the flow definitions (their folder under flows/).`);
    this.name = 'FlowConflictError';
  }
}

/** Every flow that runs: the listed ones and the sub-flows they call, each once. */
export function expandFlows(listed: Flow[]): Flow[] {
  const out: Flow[] = [];
  const visit = (flow: Flow) => {
    if (out.includes(flow)) return;
    out.push(flow);
    for (const sub of flow.subflows ?? []) visit(sub);
  };
  listed.forEach(visit);
  return out;
}

/**
 * Refuses, with a message that names both flows, two flows with the same id, command, action or
 * deep-link prefix (a prefix that starts another one would steal its links), a command that is
 * the engine's own, and more than one flow that collects consent.
 */
export function checkFlows(flows: Flow[]): void {
  const owner = new Map<string, string>();
  const claim = (what: string, by: string) => {
    const other = owner.get(what);
    if (other !== undefined && other !== by) throw new FlowConflictError(`Flows ${other} and ${by} both claim ${what}`);
    if (other === by && what.startsWith('the flow id')) throw new FlowConflictError(`Two flows are called ${by}`);
    owner.set(what, by);
  };
  for (const flow of flows) {
    claim(`the flow id ${flow.id}`, flow.id);
    for (const name of Object.keys(flow.commands ?? {})) {
      if (ENGINE_COMMANDS.includes(name)) throw new FlowConflictError(`Flow ${flow.id} claims /${name}, which the engine answers in every flow`);
      claim(`the command /${name}`, flow.id);
    }
    for (const name of Object.keys(flow.actions ?? {})) claim(`the action ${name}`, flow.id);
    if (flow.askConsent) claim('the collection of consent', flow.id);
    if (flow.greet) claim('the greeting of newcomers', flow.id);
  }
  const prefixes = flows.flatMap((flow) => Object.keys(flow.deepLinks ?? {}).map((prefix) => ({ prefix, flow: flow.id })));
  for (const a of prefixes) {
    for (const b of prefixes) {
      if (a !== b && b.prefix.startsWith(a.prefix)) throw new FlowConflictError(`Flows ${a.flow} and ${b.flow} both claim the deep links starting with "${b.prefix}" (prefix "${a.prefix}")`);
    }
  }
}
