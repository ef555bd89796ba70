/** The caravan flow's id: its actions are `#caravan.<name>`, its data `user.flows.caravan`. */
export const FLOW_ID = 'caravan';
