/**
 * The Excel adapters, for the add-in's task pane and app code: each takes the
 * `Excel.RequestContext` of an `Excel.run` and uses nothing else of Office.
 */
export { readTableFromSheet, readRows, type TableAddress, type ReadTableOptions, type ReadTableResult, type ReadRowsOptions } from './readTable';
export {
  writeResults, writeRows, planResultBlock, resultGrid, blockRect, RESULT_NUMBER_FORMATS, STATUS_FILLS,
  type ResultBlock, type WriteResultsInput, type WriteResultsOptions, type WriteResultsOutcome, type WriteRowsOptions,
} from './writeResults';
export {
  attachLiveWhatIf, classifyChange, LatestWinsQueue, LiveWhatIf, liveTableOf,
  type ChangeArgs, type ChangeDecision, type LiveTable, type LiveWhatIfOptions, type QueueOptions, type Timers,
} from './liveWhatIf';
export {
  saveMapping, loadMapping, clearMapping, mappingKey, saveRulebookChoice, loadRulebookChoice, rulebookXml, parseRulebookXml,
  SETTINGS_NAMESPACE, MAPPING_SETTING_PREFIX, RULEBOOK_SETTING,
  type ColumnMapping, type StoredRulebook, type RulebookChoice,
} from './mappingStore';
export { RESULTS_NAME } from './ownership';
export * from './chunks';
