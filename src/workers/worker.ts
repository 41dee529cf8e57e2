/** Worker-thread entry: a parse batch or a render batch per call. */
import { type ParsedEntry, type ParseTask, runParseTask } from './parse-task.js';
import { type RenderedBatch, type RenderTask, runRenderTask } from './render-task.js';

export type WorkerTask = { kind: 'parse'; task: ParseTask } | { kind: 'render'; task: RenderTask };

export default function runTask(job: WorkerTask): ParsedEntry[] | Promise<RenderedBatch> {
  return job.kind === 'parse' ? runParseTask(job.task) : runRenderTask(job.task);
}
