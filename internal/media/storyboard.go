package media

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Storyboard layout: small tiles, at most maxTiles of them, storyboardColumns
// to a row.
const (
	storyboardTileWidth = 160
	storyboardColumns   = 10
	maxTiles            = 100
	storyboardTimeout   = 10 * time.Minute
)

// Storyboard says what each tile of a storyboard sprite shows. Tile i sits
// at column i%Columns, row i/Columns, and shows the keyframe presented at
// Tiles[i] microseconds (on the FrameTable clock).
type Storyboard struct {
	Columns    int     `json:"columns"`
	Rows       int     `json:"rows"`
	TileWidth  int     `json:"tile_width"`
	TileHeight int     `json:"tile_height"`
	Tiles      []int64 `json:"tiles_pts_us"`
}

// MakeStoryboard writes a JPEG sprite of up to 100 keyframes, evenly picked,
// to out and returns its index. Only keyframes are decoded, so it is quick.
func MakeStoryboard(ctx context.Context, in, out string, info *Info) (*Storyboard, error) {
	return Tools{}.Storyboard(ctx, in, out, info)
}

// Storyboard: see MakeStoryboard.
func (t Tools) Storyboard(ctx context.Context, in, out string, info *Info) (*Storyboard, error) {
	keys, err := t.Keyframes(ctx, in)
	if err != nil {
		return nil, err
	}
	step := (len(keys) + maxTiles - 1) / maxTiles
	sb := newStoryboard(info, keys, step)
	demuxer, err := sniff(in)
	if err != nil {
		return nil, err
	}
	tmp, err := tempBeside(out)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	args := append([]string{"-skip_frame", "nokey"}, t.ffmpegInput(demuxer, in)...)
	args = append(args, "-map", "0:v:0", "-an", "-sn", "-dn", "-map_metadata", "-1", "-fps_mode", "passthrough",
		"-vf", sb.filter(step), "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "5",
		"-f", "image2", "-update", "1", "file:"+tmp)
	if err := t.run(ctx, "ffmpeg", storyboardTimeout, args, nil); err != nil {
		return nil, err
	}
	return sb, os.Rename(tmp, out)
}

func newStoryboard(info *Info, keys []int64, step int) *Storyboard {
	sb := &Storyboard{Columns: storyboardColumns, TileWidth: storyboardTileWidth}
	for i := 0; i < len(keys); i += step {
		sb.Tiles = append(sb.Tiles, keys[i])
	}
	sb.Columns = min(storyboardColumns, len(sb.Tiles))
	sb.Rows = (len(sb.Tiles) + sb.Columns - 1) / sb.Columns
	h := storyboardTileWidth * info.DisplayHeight / max(info.DisplayWidth, 1)
	sb.TileHeight = max(2, h&^1)
	return sb
}

// filter keeps every step-th keyframe, scales it to a tile (upright:
// ffmpeg has already applied the rotation) and lays the tiles out in a grid.
func (sb *Storyboard) filter(step int) string {
	return fmt.Sprintf("select='not(mod(n\\,%d))',scale=%d:%d,setsar=1,tile=%dx%d",
		step, sb.TileWidth, sb.TileHeight, sb.Columns, sb.Rows)
}
