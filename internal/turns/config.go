// Package turns finds who speaks when (adult or child) in a recording's
// sound, the conversational turns between them as LENA defines them, the
// child's initiatives an adult answers within a response window, and spans
// worth suggesting to the guider. It reads 16 kHz mono 16-bit PCM as a
// stream, one 10 ms frame at a time, so memory stays flat in the length.
// Every threshold is a named field of Config, documented in docs/moments.md.
package turns

// Input format and frame size.
const (
	SampleRate    = 16000
	FrameSamples  = SampleRate / 100 // 10 ms
	FrameMs       = 10
	pitchRate     = SampleRate / 2 // pitch is found on audio halved to 8 kHz
	pitchWindow   = 200            // 25 ms at 8 kHz: the YIN integration window
	historyFrames = 4              // decimated history kept for the pitch window
)

// Config holds every threshold of the moment finder.
type Config struct {
	// Voice activity: a frame is speech when its energy is SpeechAboveFloorDB
	// over the adaptive noise floor and MinSpeechDB absolute (dB of the mean
	// squared sample), within ForegroundRangeDB of the recent loudest speech,
	// and voiced (YIN aperiodicity at most VoicingMax with a pitch between
	// PitchMinHz and PitchMaxHz). The floor follows quieter frames at once
	// and rises FloorRiseDBPerSec when the sound gets louder; the remembered
	// speech level falls LevelFallDBPerSec.
	SpeechAboveFloorDB float64
	LevelFallDBPerSec  float64
	MinSpeechDB        float64
	ForegroundRangeDB  float64
	FloorRiseDBPerSec  float64
	VoicingMax         float64
	PitchMinHz         float64
	PitchMaxHz         float64

	// Adult or child: an utterance whose median pitch is at least ChildPitchHz
	// is the child's. With AdaptSplit the split moves, per recording, to the
	// middle between the two groups of utterance pitches when they are
	// clearly two, kept between SplitMinHz and SplitMaxHz. Near the split
	// (within TiltBandRatio of it) the brightness of the sound (the share of
	// energy in the sample-to-sample difference, above TiltPivot for a child)
	// decides.
	ChildPitchHz  float64
	AdaptSplit    bool
	SplitMinHz    float64
	SplitMaxHz    float64
	TiltBandRatio float64
	TiltPivot     float64

	// Utterances: the other speaker's voice must last SwitchMs to start a
	// new utterance inside one; silences shorter than MergeGapMs are bridged;
	// utterances shorter than MinUtteranceMs are dropped.
	SwitchMs       int
	MergeGapMs     int
	MinUtteranceMs int

	// Turns (LENA): a pause of ConversationPauseMs or more ends a
	// conversation. A contingent response is an adult starting between
	// ResponseMinMs and ResponseMaxMs after the child's vocalisation ends.
	ConversationPauseMs int
	ResponseMinMs       int
	ResponseMaxMs       int

	// Suggestions span from SuggestLeadMs before the child's initiative to
	// SuggestTailMs after the exchange, at most SuggestMaxMs long.
	SuggestLeadMs int
	SuggestTailMs int
	SuggestMaxMs  int
}

// DefaultConfig is the configuration measured in docs/moments.md.
func DefaultConfig() Config {
	return Config{
		SpeechAboveFloorDB: 12,
		MinSpeechDB:        30,
		ForegroundRangeDB:  30,
		LevelFallDBPerSec:  1,
		FloorRiseDBPerSec:  3,
		VoicingMax:         0.3,
		PitchMinHz:         70,
		PitchMaxHz:         600,

		ChildPitchHz:  250,
		AdaptSplit:    true,
		SplitMinHz:    190,
		SplitMaxHz:    330,
		TiltBandRatio: 0.1,
		TiltPivot:     0.08,

		SwitchMs:       150,
		MergeGapMs:     300,
		MinUtteranceMs: 100,

		ConversationPauseMs: 5000,
		ResponseMinMs:       200,
		ResponseMaxMs:       3000,

		SuggestLeadMs: 1000,
		SuggestTailMs: 1000,
		SuggestMaxMs:  60000,
	}
}

func msToFrames(ms int) int { return (ms + FrameMs - 1) / FrameMs }
