/** The cluster's timings are settings: read from the environment in config.ts, like every other. */
export { clusterTimings } from '../config.ts';
