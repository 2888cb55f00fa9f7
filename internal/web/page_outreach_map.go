package web

import (
	"context"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
)

// The map works in a closed network. Without a tile server (config
// MapTileURL) it lists places and hosts by district. With one, it draws a
// server-rendered SVG: tiles as <image> from /map/tiles/{z}/{x}/{y}, which
// this server fetches from the configured URL (the CSP allows images from
// 'self' only, so the browser never talks to the tile server), and a point
// per resource with typed-in coordinates. No script, no external library, no
// geocoding: coordinates are typed in or absent.

const (
	mapW, mapH = 768, 512
	tileSize   = 256
)

type mapDistrict struct {
	Name      string
	Resources []casework.Resource
}

type mapTileImg struct {
	X, Y int
	Href string
}

type mapPoint struct {
	X, Y  int
	ID    string
	Name  string
	Place bool
}

type mapSVG struct {
	W, H   int
	Tiles  []mapTileImg
	Points []mapPoint
}

type mapData struct {
	Districts []mapDistrict
	Map       *mapSVG
	HasTiles  bool
	NoCoords  int
}

// mercator projects a point to world pixels at zoom z.
func mercator(lat, lng float64, z int) (float64, float64) {
	n := float64(tileSize) * math.Exp2(float64(z))
	rad := lat * math.Pi / 180
	return (lng + 180) / 360 * n, (1 - math.Log(math.Tan(rad)+1/math.Cos(rad))/math.Pi) / 2 * n
}

// buildMap picks the largest zoom at which every point fits and lays out
// the tiles and points around their centre.
func buildMap(rs []casework.Resource) *mapSVG {
	var pts []casework.Resource
	for _, r := range rs {
		if r.Lat != nil && r.Lng != nil {
			pts = append(pts, r)
		}
	}
	if len(pts) == 0 {
		return nil
	}
	z := 17
	var minX, minY, maxX, maxY float64
	for ; z > 2; z-- {
		minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, r := range pts {
			x, y := mercator(*r.Lat, *r.Lng, z)
			minX, minY, maxX, maxY = math.Min(minX, x), math.Min(minY, y), math.Max(maxX, x), math.Max(maxY, y)
		}
		if maxX-minX <= mapW-60 && maxY-minY <= mapH-60 {
			break
		}
	}
	ox, oy := (minX+maxX)/2-mapW/2, (minY+maxY)/2-mapH/2
	m := &mapSVG{W: mapW, H: mapH}
	last := int(math.Exp2(float64(z))) - 1
	for tx := int(math.Floor(ox / tileSize)); tx <= int(math.Floor((ox+mapW)/tileSize)); tx++ {
		for ty := int(math.Floor(oy / tileSize)); ty <= int(math.Floor((oy+mapH)/tileSize)); ty++ {
			if tx < 0 || ty < 0 || tx > last || ty > last {
				continue
			}
			m.Tiles = append(m.Tiles, mapTileImg{X: tx*tileSize - int(math.Round(ox)), Y: ty*tileSize - int(math.Round(oy)),
				Href: "/map/tiles/" + strconv.Itoa(z) + "/" + strconv.Itoa(tx) + "/" + strconv.Itoa(ty)})
		}
	}
	for _, r := range pts {
		x, y := mercator(*r.Lat, *r.Lng, z)
		m.Points = append(m.Points, mapPoint{X: int(math.Round(x - ox)), Y: int(math.Round(y - oy)), ID: r.ID, Name: r.Name, Place: r.IsPlace()})
	}
	return m
}

func (s *Server) mapPage(w http.ResponseWriter, r *http.Request) {
	rs, err := s.db.Resources(r.Context(), actor(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &mapData{HasTiles: s.cfg.MapTileURL != ""}
	byDistrict := map[string][]casework.Resource{}
	for _, res := range rs {
		name := res.District
		if name == "" {
			name = "地区未設定"
		}
		byDistrict[name] = append(byDistrict[name], res)
		if res.Lat == nil {
			d.NoCoords++
		}
	}
	for name, list := range byDistrict {
		d.Districts = append(d.Districts, mapDistrict{Name: name, Resources: list})
	}
	sort.Slice(d.Districts, func(i, j int) bool { return d.Districts[i].Name < d.Districts[j].Name })
	if d.HasTiles {
		d.Map = buildMap(rs)
	}
	s.render(w, r, http.StatusOK, "map", &Page{Title: "居場所・受け入れ先の地図", Nav: "outreach", Data: d})
}

// mapTile fetches one tile from the configured tile server, so that the
// browser loads it from this origin. Only numbers reach the upstream URL.
func (s *Server) mapTile(w http.ResponseWriter, r *http.Request) {
	if s.cfg.MapTileURL == "" {
		http.NotFound(w, r)
		return
	}
	z, errZ := strconv.Atoi(r.PathValue("z"))
	x, errX := strconv.Atoi(r.PathValue("x"))
	y, errY := strconv.Atoi(strings.TrimSuffix(r.PathValue("y"), ".png"))
	if errZ != nil || errX != nil || errY != nil || z < 0 || z > 20 || x < 0 || y < 0 || x >= 1<<z || y >= 1<<z {
		http.NotFound(w, r)
		return
	}
	u := strings.NewReplacer("{z}", strconv.Itoa(z), "{x}", strconv.Itoa(x), "{y}", strconv.Itoa(y)).Replace(s.cfg.MapTileURL)
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		http.Error(w, "地図タイルを取得できません。", http.StatusBadGateway)
		return
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.log.Warn("map tile", "error", err.Error())
		http.Error(w, "地図タイルを取得できません。", http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	ct := res.Header.Get("Content-Type")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "image/") {
		http.Error(w, "地図タイルを取得できません。", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = io.Copy(w, io.LimitReader(res.Body, 2<<20))
}
