import type { Address, Choice } from '../core/types.ts';
import { personId } from '../core/types.ts';
import type { HomeView } from '../channels/channel.ts';
import { StoreCorruptError } from '../store/errors.ts';
import { encodeToken, fitsToken } from './buttons.ts';
import { homeSections } from './define.ts';
import { fitLabel } from './layout.ts';
import type { Services } from './services.ts';
import { Turn } from './turn.ts';

/** What a home button that starts everything carries: a command, as `ChannelInfo.home` allows. */
const START = '/start';

/**
 * A person's home screen (Slack's App Home tab), on request: each flow's `home` sections in flow
 * order, in the person's language (theirs, else `locale`'s, else the default). Read-only: no
 * document is created for someone who never wrote, nothing is saved, nothing is sent. Someone who
 * has not consented yet sees the greeting and a start button only.
 *
 * Buttons carry tokens like a broadcast's (the person's owner tag and current sequence, tied to
 * no step), so a press from the home screen runs the flow's action through the engine as a
 * press in the chat would.
 */
export async function homeView(services: Services, address: Address, locale?: string): Promise<HomeView> {
  const { store, i18n, config, log } = services;
  const key = store.keyOf(personId(address));
  const doc = await store.loadUser(key).catch((e: unknown) => {
    if (!(e instanceof StoreCorruptError)) throw e;
    log.error({ file: e.file }, e.message);
    return 'damaged' as const;
  });
  const lang = (doc !== 'damaged' ? doc?.lang : undefined) ?? i18n.match(locale) ?? config.lang;
  const t = i18n.translator(lang);
  const title = t('common:home.title');
  if (doc === 'damaged') return { title, sections: [{ text: t('common:error.damaged') }] };
  if (!doc?.consentAt) return { title, sections: [{ text: t('common:home.greeting'), buttons: [{ label: t('common:home.start'), token: START }] }] };

  // A copy: a flow's home can change nothing of the person, even by mistake.
  const turn = new Turn(services, { kind: 'command', name: 'home', args: '', address }, structuredClone(doc), lang);
  const caps = services.capabilities(address.channel);
  const owner = key.slice(0, 4);
  const button = (c: Choice) => {
    const token = { value: c.value, stepRef: '0', seq: doc.seq, owner };
    // Writing a long value into the person's table would change their document: such a button is left out.
    if (fitsToken(token, caps.maxToken)) return { label: fitLabel(c.label, caps.maxLabel), token: encodeToken(token, caps.maxToken) };
    log.warn({ channel: address.channel, value: c.value.slice(0, 80) }, 'a home button value does not fit the channel token; left out');
    return undefined;
  };

  const sections: HomeView['sections'] = [];
  for (const flow of services.flows.values()) {
    let parts;
    try {
      parts = await homeSections(flow, turn);
    } catch (e) {
      // One flow failing leaves the others' sections on the screen.
      log.error({ err: e, flow: flow.id }, 'a flow could not build its home section');
      continue;
    }
    for (const part of parts) {
      const buttons = (part.buttons ?? []).map(button).filter((b) => b !== undefined);
      sections.push({ text: part.text, ...(buttons.length > 0 ? { buttons } : {}) });
    }
  }
  if (sections.length === 0) sections.push({ text: t('common:home.empty') });
  return { title, sections };
}
