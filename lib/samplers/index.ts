// Each sampler lives in its own file and adds one export line here.
export * from './types';
export * from './schedule';
