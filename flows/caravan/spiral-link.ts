import type { Turn } from '../../src/engine/index.ts';
import { caravanOf } from './format.ts';
import { SPIRAL_PREFIX } from './links.ts';
import { getStop } from './stops.ts';

/**
 * `s_<stop>`: the SPIRAL questionnaire, tagged with the stop whose poster was scanned. Loose
 * on purpose: it uses the spiral flow's /spiral command when that flow is present, with the
 * stop's SPIRAL group code if the stop has one.
 */
export async function spiralFromStop(turn: Turn, stopId: string): Promise<void> {
  const t = turn.t;
  const stop = await getStop(turn.services.store, stopId);
  if (!stop) {
    turn.say(t('caravan:stop.unknown', { id: stopId.slice(0, 40) }));
    return;
  }
  const spiral = turn.services.flows.get('spiral');
  const command = spiral?.commands?.spiral;
  if (!command) {
    turn.say(t('caravan:spiral.unavailable'));
    return;
  }
  // The spiral flow stores answers only after consent; as the router does, ask for it and
  // keep the link, so consenting leads straight into the questionnaire.
  if (spiral.requiresConsent && !turn.user.consentAt) {
    turn.user.pending = { command: 'start', args: `${SPIRAL_PREFIX}${stop.id}` };
    turn.say(t('common:consent.required'), [{ label: t('common:consent.agree'), value: '#agree' }]);
    return;
  }
  caravanOf(turn.user).spiralStop = stop.id;
  turn.setOrigin(`caravan-stop:${stop.id}`);
  await command(turn, stop.spiralGroup ?? '');
}
