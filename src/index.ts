/**
 * numa-migration-sim: a deterministic NUMA page-migration simulator with a
 * value oracle, embeddable as a library.
 *
 * - Run a scenario: {@link runScenario} (or {@link runScenarioSteps} to
 *   drive it slice by slice) with {@link defaultScenarioConfig} /
 *   {@link parseScenarioConfig}; the {@link RunResult} includes
 *   {@link RunStats}.
 * - Watch one: {@link simulate} returns an RxJS `Observable` of
 *   {@link SimulationEvent}s (interoperable through `Symbol.observable`).
 * - Build machines: the kernel ({@link Simulation}, {@link SimScheduler}),
 *   the pure component models, the migration controller, plans and faults;
 *   any model as an RxJS operator with {@link componentOperator}.
 * - Split a campaign across machines: {@link runFuzzShard} runs shard k of
 *   n of a fuzz campaign ({@link inShard} picks its batches),
 *   {@link mergeFuzzShards} rebuilds the unsharded campaign from every
 *   shard's batches; {@link runTeethCampaigns} and
 *   {@link classifyOrderingsParallel} take a shard's share the same way.
 * - See what happened: Chrome traces ({@link ChromeTraceRecorder}),
 *   statistics ({@link formatStatsTable}) and HTML reports
 *   ({@link renderHtmlReport}).
 *
 * @example
 * import { runScenario, defaultScenarioConfig } from 'numa-migration-sim';
 * const r = runScenario({ ...defaultScenarioConfig(), seed: 7 });
 * console.log(r.status, r.stats.totals.latency.p99);
 *
 * @packageDocumentation
 */

export { HEAP_GROWING_PERCENT, limitHeapGrowth } from './api/heap-growth';
export { type SimulateOptions, SimulationFailedError, simulate } from './api/simulate';
export { isEventOf, type SimulationEvent, type SimulationEventType } from './api/simulation-event';
export {
  basePlanFor,
  FAULT_DESCRIPTIONS,
  FAULT_NAMES,
  type FaultName,
  faultyPlan,
  isFaultName,
} from './controllers/faults';
export {
  type CurrentMigration,
  type MigrationControllerSpec,
  type MigrationControllerState,
  type MigrationPolicy,
  migrationControllerModel,
} from './controllers/migration-controller';
export {
  type MigrationControllerInput,
  type MigrationControllerOperatorOptions,
  type MigrationControllerOutput,
  migrationController,
} from './controllers/migration-controller-operator';
export {
  DEFAULT_PLAN_NAMES,
  defaultPlan,
  type MigrationPlan,
  PLAN_STEPS,
  type PlanStep,
  parsePlan,
  parsePlanStep,
  planToString,
  type TargetGroup,
} from './controllers/migration-plan';
export {
  accessStreamArbitrary,
  normalizeScript,
} from './fuzz/arbitraries/access-stream-arbitrary';
export {
  applyPlanEdits,
  migrationPlanArbitrary,
  type PlanEdit,
} from './fuzz/arbitraries/migration-plan-arbitrary';
export {
  migrationScheduleArbitrary,
  normalizeSchedule,
  type ScheduledMigration,
} from './fuzz/arbitraries/migration-schedule-arbitrary';
export {
  DEFAULT_SCENARIO_BOUNDS,
  type ScenarioArbitraryOptions,
  type ScenarioBounds,
  scenarioArbitrary,
} from './fuzz/arbitraries/scenario-arbitrary';
export { tieBreakArbitrary } from './fuzz/arbitraries/tie-break-arbitrary';
export {
  DEFAULT_TOPOLOGY_BOUNDS,
  type SmallTopology,
  type TopologyBounds,
  topologyArbitrary,
} from './fuzz/arbitraries/topology-arbitrary';
export { type CampaignFailure, type CampaignSummary, replayPath, runCampaign } from './fuzz/campaign';
export { type BatchOutcome, runCampaignBatch } from './fuzz/campaign-batch';
export { counterexampleSize, describeCounterexample } from './fuzz/describe-counterexample';
export { type FailureRecord, readFailureFile, writeFailureFile } from './fuzz/failure-file';
export { DEFAULT_FUZZ_SPACE, type FuzzSpace, fuzzArbitrary } from './fuzz/fuzz-options';
export { type MergeFuzzOptions, mergeFuzzShards } from './fuzz/merge-fuzz-shards';
export {
  classifyOrdering,
  classifyOrderingSteps,
  classifyOrderings,
  DEFAULT_ORDERINGS_OPTIONS,
  ORDERINGS_BOUNDS,
  type OrderingsOptions,
  type OrderingVerdict,
  orderingPlans,
} from './fuzz/orderings';
export { type ParallelCampaignOptions, runParallelCampaign } from './fuzz/parallel-campaign';
export { classifyOrderingsParallel, type OrderingsTable } from './fuzz/parallel-orderings';
export { ScenarioFailure, scenarioProperty } from './fuzz/scenario-property';
export { inShard, type Shard, shardText } from './fuzz/shard';
export {
  type FuzzShardOptions,
  plannedBatches,
  runFuzzShard,
  type ShardBatch,
} from './fuzz/shard-campaign';
export {
  measureTeeth,
  runTeethCampaigns,
  type TeethCampaign,
  type TeethOptions,
  type TeethRow,
  teethRows,
} from './fuzz/teeth';
export type { FrameViolationKind } from './oracle/frame-violation';
export { HAZARD_NAMES, type HazardName } from './oracle/hazard-names';
export { requiredHazards } from './oracle/hazard-requirements';
export { type OracleMode, type ValueMismatch, ValueOracle } from './oracle/value-oracle';
export { type ReportOptions, renderHtmlReport } from './report/html-report';
export type {
  FailureKind,
  MigrationRecord,
  MismatchReport,
  RunFailure,
  RunResult,
} from './scenario/run-result';
export {
  type RunOptions,
  runScenario,
  runScenarioSteps,
  type ScenarioProgress,
} from './scenario/run-scenario';
export {
  ConfigError,
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from './scenario/scenario-config';
export { scenarioConfigSchema } from './scenario/scenario-config-schema';
export { buildTopology, initialPageTable, type Topology, type TopologyOptions } from './scenario/topology';
export {
  type AddressTranslatorSpec,
  type AddressTranslatorState,
  type AddressTranslatorStats,
  addressTranslatorModel,
  defaultAddressTranslatorSpec,
} from './state/address-translator/address-translator';
export { applyEffects, type EffectHandler } from './state/contract/apply-effects';
export type {
  ComponentIdentity,
  ComponentModel,
  Effect,
  Env,
  PortsView,
  PortView,
  SleepRules,
  StepResult,
  TickEvent,
} from './state/contract/component';
export type {
  ControlReq,
  ControlRsp,
  MemReq,
  MemRsp,
  Msg,
  ReadReq,
  WriteReq,
} from './state/contract/messages';
export type { SimEvent } from './state/contract/sim-events';
export {
  type DataMoverSpec,
  type DataMoverState,
  type DataMoverStats,
  dataMoverModel,
  defaultDataMoverSpec,
} from './state/data-mover/data-mover';
export {
  defaultL1CacheSpec,
  type L1CacheSpec,
  type L1CacheState,
  type L1CacheStats,
  l1CacheModel,
} from './state/l1-cache/l1-cache';
export {
  defaultL2CacheSpec,
  type L2CacheSpec,
  type L2CacheState,
  type L2Stats,
  l2CacheModel,
} from './state/l2-cache/l2-cache';
export {
  type AddressMap,
  computeAddressMap,
  deviceOf,
  homeDevice,
  physicalAddress,
} from './state/memory/address-map';
export type { Page } from './state/memory/page';
export { type PageLayout, PageTable } from './state/memory/page-table';
export {
  type MemoryAgentSpec,
  type MemoryAgentState,
  memoryAgentModel,
  type ScriptedAccess,
} from './state/memory-agent/memory-agent';
export {
  defaultMemoryControllerSpec,
  type MemoryControllerSpec,
  type MemoryControllerState,
  memoryControllerModel,
} from './state/memory-controller/memory-controller';
export { defaultMmuSpec, type MmuSpec, type MmuState, type MmuStats, mmuModel } from './state/mmu/mmu';
export {
  defaultReorderBufferSpec,
  type ReorderBufferSpec,
  type ReorderBufferState,
  type ReorderBufferStats,
  reorderBufferModel,
  robModel,
} from './state/reorder-buffer/reorder-buffer';
export {
  defaultL1TlbSpec,
  defaultL2TlbSpec,
  type TlbSpec,
  type TlbState,
  type TlbStats,
  tlbModel,
} from './state/tlb/tlb';
export { agentHomeDevice, type ComponentGroup, componentGroup } from './stats/component-group';
export { type ComponentSnapshot, componentStats } from './stats/component-stats';
export { formatStatsTable } from './stats/format-stats';
export { percentile, summarizeLatencies } from './stats/latency-summary';
export type {
  AgentStats,
  ComponentStats,
  DeviceAccesses,
  DeviceStats,
  LatencyBucket,
  LatencySummary,
  MigrationStats,
  PhaseSummary,
  RunStats,
  TotalStats,
} from './stats/run-stats';
export { StatsCollector } from './stats/stats-collector';
export {
  type ComponentOperatorOptions,
  type ComponentTick,
  componentOperator,
  standaloneEnv,
} from './streams/component-operator';
export { connectionTraffic } from './streams/kernel/connection-traffic';
export {
  type AddComponentOptions,
  ComponentSlot,
  type LinkTransfer,
  type SimRecord,
  Simulation,
  type SimulationOptions,
  type SimulationSnapshot,
  type TaskRef,
} from './streams/kernel/simulation';
export {
  PHASE_LINK,
  PHASE_TICK,
  type SchedulerSnapshot,
  SimScheduler,
} from './streams/scheduler/sim-scheduler';
export { ChromeTraceRecorder, type TraceableMachine } from './trace/chrome-trace-recorder';
export { MemoryTraceSink } from './trace/memory-trace-sink';
export type { TraceEvent, TraceSink } from './trace/trace-event';
export { TraceFileWriter } from './trace/trace-file-writer';
export { groupPid, TraceLayout, type TrackId } from './trace/trace-layout';
export { parseTraceWindow, TraceOptionError, type TraceOptions } from './trace/trace-options';
export { type TraceValidation, validateChromeTrace } from './trace/validate-trace';
