import type { CaravanContext } from './act.ts';
import { SPIRAL_PREFIX } from './links.ts';
import { getStop } from './stops.ts';

/**
 * `s_<stop>`: the SPIRAL questionnaire, tagged with the stop whose poster was scanned. Loose
 * on purpose: it hands over to the /spiral command when a flow brings one, with the stop's
 * SPIRAL group code if the stop has one.
 */
export async function spiralFromStop(ctx: CaravanContext, stopId: string): Promise<void> {
  const t = ctx.t;
  const stop = await getStop(ctx.services.store, stopId);
  if (!stop) {
    ctx.say(t('caravan:stop.unknown', { id: stopId.slice(0, 40) }));
    return;
  }
  // Without consent the questionnaire stores nothing: consent is asked and this link kept, so
  // agreeing leads straight into it (and only then is the stop noted).
  const outcome = await ctx.handOver('spiral', stop.spiralGroup ?? '', { origin: `caravan-stop:${stop.id}`, resume: `${SPIRAL_PREFIX}${stop.id}` });
  if (outcome === 'missing') ctx.say(t('caravan:spiral.unavailable'));
  if (outcome === 'ran') ctx.data.spiralStop = stop.id;
}
