// Each sampler lives in its own file and adds one export line here.
export * from './types';
export * from './schedule';
export * from './exact';
export * from './coloring';
export * from './registry';
export * from './sc';
export * from './autoscale';
export * from './packed';
export * from './sc/replay';
