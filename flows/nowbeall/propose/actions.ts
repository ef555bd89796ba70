/**
 * The `nowbeall` flow's buttons outside a step (namespaced by the engine: `#nowbeall.<name>:<arg>`):
 * new proposal, my proposals, edit, withdraw and its confirmation; for managers, a call's page,
 * a phase change and its confirmation, and the call wizard.
 */
import type { Context } from '../../../src/engine/index.ts';
import type { NowbeallData } from '../types.ts';
import type { ProposeInput } from './wizard.ts';

export type ProposeAction = 'new' | 'mine' | 'edit' | 'wd' | 'wdyes' | 'wdno' | 'cshow' | 'cphase' | 'cphyes' | 'copen';

export type NowbeallContext = Context<NowbeallData, ProposeAction, ProposeInput>;
