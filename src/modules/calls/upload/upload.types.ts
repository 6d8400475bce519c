import type { ParsedTranscript } from '../../conversation/index.js';
import type { CallMetadataDto } from '../dto/upload-call.dto.js';

export interface UploadedRecording {
  path: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** One call as accepted: validated metadata, a parsed transcript and/or a recording to fetch or keep. */
export interface AcceptedUpload {
  metadata: CallMetadataDto;
  transcript: ParsedTranscript | null;
  recording: UploadedRecording | null;
  recordingUrl: string | null;
}
