/** The core API that flows use. Flows import from here and from src/core only. */
export type { Flow, Step, Next, Prompt, CommandHandler, ActionHandler, ExportOptions, ControlHandler } from './flow.ts';
export { next, goto, stay, reprompt, invalid, end } from './flow.ts';
export { Turn, addressOf } from './turn.ts';
export type { Services, CoreConfig, ReadServices } from './services.ts';
export { Engine } from './engine.ts';
export { commandList } from './help.ts';
export { resumePending } from './router.ts';
export { stepButtons } from './navigation.ts';
