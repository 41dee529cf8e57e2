/** Worker-thread entry: one parse batch per call (see parse-task.ts). */
import { type ParseTask, runParseTask } from './parse-task.js';

export default function parseBatch(task: ParseTask) {
  return runParseTask(task);
}
