/** Worker-thread entry: a parse batch, a render batch or an image batch per call. */
import { type ImageOutcome, type ImageTask, runImageTask } from './image-task.js';
import { type ParsedEntry, type ParseTask, runParseTask } from './parse-task.js';
import { type RenderedBatch, type RenderTask, runRenderTask } from './render-task.js';

export type WorkerTask = { kind: 'parse'; task: ParseTask } | { kind: 'render'; task: RenderTask } | { kind: 'image'; task: ImageTask };

export default function runTask(job: WorkerTask): ParsedEntry[] | Promise<RenderedBatch> | Promise<ImageOutcome[]> {
  if (job.kind === 'image') return runImageTask(job.task);
  return job.kind === 'parse' ? runParseTask(job.task) : runRenderTask(job.task);
}
