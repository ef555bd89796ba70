export { FAMILY_CODES } from './types.ts';
export type { Component, ComponentCode, Family, FamilyCode, Grid } from './types.ts';
export { GridValidationError, validateGrid, isFamilyCode } from './validate.ts';
export { loadGrid, loadGridFile, defaultGrid } from './load.ts';
export { families, componentsOf, isComponentCode, familyOf, labelKeys } from './helpers.ts';
export { councilOfEuropeGrid } from './council-of-europe.ts';
