import { analysisWork } from './modules/calls/pipeline/analysis.work.js';
import { extractionWork } from './modules/extraction/extraction.work.js';
import { nlpWorker } from './modules/nlp/nlp-work.js';
import {
  taskDetectionWork,
  transcriptReadingWork,
} from './modules/tasks/detection/task-detection.work.js';

/**
 * The module each NLP pool thread loads (see `NlpModule.forRoot`): every feature's NLP work, by
 * name. A composition root, like app.module.ts: only here may the features meet.
 */
export default nlpWorker([analysisWork, extractionWork, taskDetectionWork, transcriptReadingWork]);
