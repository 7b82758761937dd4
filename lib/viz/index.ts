export * from './figure';
export * from './aggregate';
export * from './builders';
export * from './style';
export { figureToHtml, figureDiv, plotlySource, plotlyScriptTag, plotlyVersion } from './html';
export type { HtmlOptions } from './html';
export { show, showHtml, resetShow } from './notebook';
export { showTable, tableHtml, tableRows, columnHeader, columnDecimals } from './table';
export type { ColumnSpec, ColumnFormat, TableOptions, CellValue } from './table';
export type { ShowOptions } from './notebook';
export {
  FigureExporter,
  writeFigure,
  writeHtml,
  chromiumPath,
  assertExportable,
  EXPORT_FORMATS,
  CHROMIUM_ARGS,
  DEFAULT_CHROMIUM,
} from './export';
export type { ExportFormat, WriteOptions } from './export';
