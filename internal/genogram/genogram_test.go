package genogram

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func age(n int) *int { return &n }

// The typical households social workers draw.
var shapes = map[string]Family{
	// 8050: a mother in her 80s cared for by a son in his 50s who has
	// withdrawn; the father has died; a daughter lives elsewhere.
	"8050": {Title: "山田さん世帯", People: []Person{
		{ID: "hana", Name: "山田 ハナ", Sex: Female, BirthDate: "1944-03-02", Age: age(82), Relationship: "本人", Cohabiting: true, Roles: []string{"被介護者"}},
		{ID: "taro", Name: "山田 太郎", Sex: Male, BirthDate: "1940-07-10", Age: age(84), Deceased: true, Relationship: "配偶者"},
		{ID: "ichiro", Name: "山田 一郎", Sex: Male, BirthDate: "1973-05-20", Age: age(53), Relationship: "子", Cohabiting: true, Roles: []string{"主たる介護者"}},
		{ID: "kyoko", Name: "佐藤 京子", Sex: Female, BirthDate: "1976-01-15", Age: age(50), Relationship: "子"},
	}, Relations: []Relation{
		{From: "taro", To: "hana", Kind: Marriage},
		{From: "hana", To: "ichiro", Kind: ParentChild, Quality: Close},
		{From: "taro", To: "ichiro", Kind: ParentChild},
		{From: "kyoko", To: "hana", Kind: ParentChild}, // entered child first: swapped by the birth dates
		{From: "taro", To: "kyoko", Kind: ParentChild},
		{From: "ichiro", To: "kyoko", Kind: Siblings, Quality: Distant},
	}},
	// ダブルケア: a woman caring for her twins and her own mother at once.
	"double_care": {Title: "鈴木さん世帯", People: []Person{
		{ID: "mika", Name: "鈴木 美香", Sex: Female, BirthDate: "1981-09-09", Age: age(44), Relationship: "本人", Cohabiting: true, Roles: []string{"主たる介護者"}},
		{ID: "ken", Name: "鈴木 健", Sex: Male, BirthDate: "1979-02-11", Age: age(47), Relationship: "配偶者", Cohabiting: true},
		{ID: "sora", Name: "鈴木 空", Sex: Male, BirthDate: "2018-06-01", Age: age(7), Relationship: "子", Cohabiting: true},
		{ID: "umi", Name: "鈴木 海", Sex: Female, BirthDate: "2018-06-01", Age: age(7), Relationship: "子", Cohabiting: true},
		{ID: "toshi", Name: "田中 トシ", Sex: Female, BirthDate: "1947-12-01", Age: age(78), Relationship: "母", Cohabiting: true, Roles: []string{"被介護者"}},
		{ID: "masao", Name: "田中 正夫", Sex: Male, BirthDate: "1945-04-04", Age: age(76), Deceased: true, Relationship: "父"},
	}, Relations: []Relation{
		{From: "ken", To: "mika", Kind: Marriage, Quality: Distant},
		{From: "mika", To: "sora", Kind: ParentChild}, {From: "ken", To: "sora", Kind: ParentChild},
		{From: "mika", To: "umi", Kind: ParentChild}, {From: "ken", To: "umi", Kind: ParentChild},
		{From: "masao", To: "toshi", Kind: Marriage},
		{From: "toshi", To: "mika", Kind: ParentChild, Quality: Hostile}, {From: "masao", To: "mika", Kind: ParentChild},
	}},
	// Remarriage: a mother and her son from a first marriage, her new
	// husband and his daughter, and the child they have together.
	"remarriage": {Title: "高橋さん世帯", People: []Person{
		{ID: "yuko", Name: "高橋 優子", Sex: Female, BirthDate: "1988-02-02", Age: age(38), Relationship: "本人", Cohabiting: true},
		{ID: "ex", Name: "伊藤 誠", Sex: Male, BirthDate: "1986-08-08", Age: age(39), Outside: true},
		{ID: "riku", Name: "伊藤 陸", Sex: Male, BirthDate: "2012-04-10", Age: age(14), Relationship: "子", Cohabiting: true},
		{ID: "jun", Name: "高橋 淳", Sex: Male, BirthDate: "1984-11-11", Age: age(41), Relationship: "配偶者", Cohabiting: true},
		{ID: "sara", Name: "高橋 沙羅", Sex: Female, BirthDate: "2010-01-20", Age: age(16), Relationship: "子", Cohabiting: true},
		{ID: "nagi", Name: "高橋 凪", Sex: Other, BirthDate: "2023-05-05", Age: age(3), Relationship: "子", Cohabiting: true},
	}, Relations: []Relation{
		{From: "ex", To: "yuko", Kind: Divorce},
		{From: "yuko", To: "jun", Kind: Marriage, Quality: Close},
		{From: "yuko", To: "riku", Kind: ParentChild}, {From: "ex", To: "riku", Kind: ParentChild, Quality: Cutoff},
		{From: "jun", To: "sara", Kind: ParentChild}, {From: "yuko", To: "sara", Kind: Adoption, Quality: Hostile},
		{From: "yuko", To: "nagi", Kind: ParentChild}, {From: "jun", To: "nagi", Kind: ParentChild},
	}},
	// Young carer: a girl of 15 (the focus) looks after her mother and her
	// brother; the father lives apart; the mother's partner lives with them;
	// the grandmother lives nearby, the grandfather has died.
	"young_carer": {Title: "中村さん世帯", FocusID: "mei", People: []Person{
		{ID: "akiko", Name: "中村 明子", Sex: Female, BirthDate: "1983-03-03", Age: age(43), Relationship: "本人", Cohabiting: true, Roles: []string{"被介護者"}},
		{ID: "mei", Name: "中村 芽衣", Sex: Female, BirthDate: "2011-01-01", Age: age(15), Relationship: "子", Cohabiting: true, Roles: []string{"ヤングケアラー"}},
		{ID: "sho", Name: "中村 翔", Sex: Male, BirthDate: "2017-07-07", Age: age(8), Relationship: "子", Cohabiting: true},
		{ID: "hiro", Name: "中村 浩", Sex: Male, BirthDate: "1981-10-10", Age: age(45), Relationship: "配偶者"},
		{ID: "taku", Name: "小林 拓也", Sex: Male, Age: age(40), Relationship: "同居人", Cohabiting: true},
		{ID: "fumi", Name: "井上 フミ", Sex: Female, BirthDate: "1955-05-05", Age: age(71), Relationship: "母"},
		{ID: "goro", Name: "井上 五郎", Sex: Male, BirthDate: "1952", Age: age(68), Deceased: true, Relationship: "父"},
	}, Relations: []Relation{
		{From: "hiro", To: "akiko", Kind: Separation, Quality: Hostile},
		{From: "akiko", To: "taku", Kind: Cohabitation},
		{From: "akiko", To: "mei", Kind: ParentChild}, {From: "hiro", To: "mei", Kind: ParentChild},
		{From: "akiko", To: "sho", Kind: ParentChild}, {From: "hiro", To: "sho", Kind: ParentChild},
		{From: "fumi", To: "akiko", Kind: ParentChild}, {From: "goro", To: "akiko", Kind: ParentChild},
		{From: "goro", To: "fumi", Kind: Marriage},
		{From: "mei", To: "sho", Kind: Siblings, Quality: Close},
	}},
}

var ecomaps = map[string]Ecomap{
	"ecomap_8050": {Title: "山田さん世帯", FocusID: "hana", Members: shapes["8050"].People[:3], Connections: []Connection{
		{Name: "地域包括支援センター", Kind: "主担当", Persons: []string{"山田 ハナ"}, Strength: Strong, Direction: ToHousehold},
		{Name: "自立相談支援機関", Kind: "支援チーム", Persons: []string{"山田 一郎"}, Strength: Normal, Direction: ToHousehold},
		{Name: "かかりつけ医", Kind: "医療", Persons: []string{"山田 ハナ"}, Strength: Weak, Direction: ToHousehold},
		{Name: "民生委員", Strength: Stressful, Direction: Both},
		{Name: "地域の居場所（参加支援）", Kind: "参加支援", Persons: []string{"山田 一郎"}, Strength: Weak, Direction: FromHousehold},
	}},
	// Ties a worker recorded (informal helpers with notes), counterparts of
	// the support record, and one left out of the picture.
	"ecomap_ties": {Title: "中村さん世帯", FocusID: "mei", Members: shapes["young_carer"].People[:3], Connections: []Connection{
		{Name: "こども家庭センター", Kind: "主担当", Persons: []string{"中村 芽衣"}, Strength: Strong, Direction: ToHousehold},
		{Name: "中学校", Kind: "支援経過 3件", Persons: []string{"中村 芽衣"}, Strength: Normal, Direction: ToHousehold},
		{Name: "近所の田中さん", Kind: "インフォーマル", Persons: []string{"中村 翔"}, Strength: Strong, Direction: Both, Note: "放課後に声かけ"},
		{Name: "親族（叔母）", Kind: "インフォーマル", Strength: Stressful, Direction: NoDirection, Note: "金銭の貸し借りで対立"},
		{Name: "元同僚", Kind: "インフォーマル", Persons: []string{"中村 明子"}, Strength: Weak, Direction: FromHousehold},
		{Name: "NPO法人ひだまり", Kind: "社会資源", Persons: []string{"中村 芽衣", "中村 翔"}, Strength: Normal, Direction: ToHousehold, Note: "学習支援 週2回"},
	}, Omitted: []string{"小学校 教頭"}},
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".svg")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/genogram/ -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (run with -update after checking the picture)", name, path)
	}
}

func TestGolden(t *testing.T) {
	for name, f := range shapes {
		t.Run(name, func(t *testing.T) {
			o := Options{}
			if name == "young_carer" {
				o.Deceased = DeceasedFilled
			}
			pic := Genogram(f, o)
			checkSVG(t, pic.SVG)
			golden(t, name, pic.SVG)
		})
	}
	for name, e := range ecomaps {
		t.Run(name, func(t *testing.T) {
			pic := DrawEcomap(e, Options{})
			checkSVG(t, pic.SVG)
			golden(t, name, pic.SVG)
		})
	}
}

func TestTextAlternative(t *testing.T) {
	pic := Genogram(shapes["8050"], Options{})
	all := strings.Join(pic.Items, "\n")
	for _, want := range []string{
		"山田 ハナ（本人・女性・82歳・同居・被介護者・中心の方）",
		"山田 太郎（配偶者・男性・84歳・死亡）",
		"佐藤 京子（子・女性・50歳・別居）",
		"山田 ハナ は 佐藤 京子 の親", // entered the other way round
		"山田 一郎 と 佐藤 京子: 兄弟（関係: 疎遠）",
		"同居: 山田 ハナ、山田 一郎",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("text alternative lacks %q:\n%s", want, all)
		}
	}
	if !strings.Contains(pic.SVG, `role="img"`) || !strings.Contains(pic.SVG, "<title id=\"genogram-title\">山田さん世帯 ジェノグラム</title>") ||
		!strings.Contains(pic.SVG, "<desc id=\"genogram-desc\">") {
		t.Errorf("accessible name missing:\n%s", pic.SVG[:400])
	}
	twins := strings.Join(Genogram(shapes["double_care"], Options{}).Items, "\n")
	if !strings.Contains(twins, "鈴木 空 と 鈴木 海: 双子") {
		t.Errorf("twins not listed:\n%s", twins)
	}
	eco := strings.Join(DrawEcomap(ecomaps["ecomap_8050"], Options{}).Items, "\n")
	if !strings.Contains(eco, "地域包括支援センター（主担当）: 強い関係・相手から世帯へ支援・対象: 山田 ハナ") ||
		!strings.Contains(eco, "民生委員: ストレス・対立のある関係・双方向の支援・対象: 世帯全体") {
		t.Errorf("ecomap text:\n%s", eco)
	}
	ties := DrawEcomap(ecomaps["ecomap_ties"], Options{})
	eco = strings.Join(ties.Items, "\n")
	for _, want := range []string{
		"近所の田中さん（インフォーマル）: 強い関係・双方向の支援・対象: 中村 翔・メモ: 放課後に声かけ",
		"親族（叔母）（インフォーマル）: ストレス・対立のある関係・対象: 世帯全体・メモ: 金銭の貸し借りで対立",
		"元同僚（インフォーマル）: 弱い関係・世帯から相手へ支援・対象: 中村 明子",
		"図に載せきれない相手（支援経過の記録から）: 小学校 教頭",
	} {
		if !strings.Contains(eco, want) {
			t.Errorf("ecomap text lacks %q:\n%s", want, eco)
		}
	}
	for _, want := range []string{"<title>線の見かた</title>", ">ストレス・対立</text>", ">支援の向き（矢印）</text>", "<title>近所の田中さん（放課後に声かけ）</title>"} {
		if !strings.Contains(ties.SVG, want) {
			t.Errorf("ecomap picture lacks %q", want)
		}
	}
}

func TestGenerations(t *testing.T) {
	f := resolve(shapes["young_carer"])
	want := map[string]int{"goro": 0, "fumi": 0, "akiko": 1, "hiro": 1, "taku": 1, "mei": 2, "sho": 2}
	for i, p := range f.people {
		if f.gen[i] != want[p.ID] {
			t.Errorf("%s in row %d, want %d", p.ID, f.gen[i], want[p.ID])
		}
	}
	// Without relations the 続柄 places the rows.
	g := resolve(Family{People: []Person{{ID: "a", Relationship: "孫"}, {ID: "b", Relationship: "本人"}, {ID: "c", Relationship: "母"}, {ID: "d", Relationship: "配偶者"}}})
	if g.gen[0] != 3 || g.gen[1] != 1 || g.gen[2] != 0 || g.gen[3] != 1 || g.rows != 4 {
		t.Errorf("rows from 続柄: %v", g.gen)
	}
	// Children in birth order, the oldest on the left.
	l := place(resolve(shapes["remarriage"]))
	f2 := l.f
	x := map[string]float64{}
	for i, p := range f2.people {
		x[p.ID] = l.x[i]
	}
	if !(x["ex"] < x["yuko"] && x["yuko"] < x["jun"]) {
		t.Errorf("former partner should stand on the other side: %v", x)
	}
	if !(x["riku"] < x["nagi"]) {
		t.Errorf("children of the mother out of order: %v", x)
	}
}
