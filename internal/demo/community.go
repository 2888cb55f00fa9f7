package demo

// The community side of the demo: places and hosts of かさね市 with their
// sessions (participant counts by group, never names), a coordinator, a
// platform with its members and a meeting, and two outreach targets. Like
// the households, every step happens on its day, as the right user.

import (
	"context"
	"fmt"

	"kasane/internal/casework"
)

// Names of orgSeeds used only here.
const (
	oMinsei = "かさね市 民生委員児童委員協議会"
	oNoen   = "株式会社 かさね農園"
)

type resourceSeed struct {
	key, by, host string // host: organization name of a host that uses kasane
	day           int    // registered, days ago
	lat, lng      float64
	r             casework.Resource
	sessions      []sessionSeed
}

type sessionSeed struct {
	day    int
	counts map[string]int
	note   string
}

// act adds a step performed by the demo user by (email local part).
func (s *story) act(day int, hm, by, what string, do func(ctx context.Context, a casework.Actor) error) {
	s.add(s.at(day, hm), what, func(ctx context.Context) error {
		a, err := s.actor(by)
		if err != nil {
			return err
		}
		return do(ctx, a)
	})
}

// planCommunity adds the community, outreach, participation, plan and
// meeting steps to the story; they run interleaved with the households.
func (s *story) planCommunity() {
	res := map[string]string{}
	for _, rs := range demoResources() {
		rs := rs
		s.act(rs.day, "11:00", rs.by, "社会資源 "+rs.r.Name, func(ctx context.Context, a casework.Actor) error {
			r := rs.r
			lat, lng := rs.lat, rs.lng
			r.Lat, r.Lng = &lat, &lng
			if rs.host != "" {
				id, err := s.org(rs.host)
				if err != nil {
					return err
				}
				r.HostOrgID = id
			}
			if err := s.db.CreateResource(ctx, a, &r); err != nil {
				return err
			}
			res[rs.key] = r.ID
			return nil
		})
		for i, ss := range rs.sessions {
			ss := ss
			what := fmt.Sprintf("社会資源 %s の開催記録 %d", rs.r.Name, i+1)
			s.act(ss.day, "21:30", rs.by, what, func(ctx context.Context, a casework.Actor) error {
				se := casework.Session{HeldOn: casework.Today(s.at(ss.day, "12:00")), Participants: ss.counts, Note: ss.note}
				return s.db.AddSession(ctx, a, res[rs.key], &se)
			})
		}
	}
	s.planPlatform()
	s.planOutreach()
	s.planParticipation(res)
	s.planPlans()
	s.planMeetings()
	s.planTies()
	s.planLiaison() // liaison.go
	s.planIssue22()
}

// planPlatform: the 第2層 coordinator of the north district and the
// platform (協議体) she runs with the places and the neighbourhood.
func (s *story) planPlatform() {
	s.act(210, "10:00", "community", "コーディネーター", func(ctx context.Context, a casework.Actor) error {
		org, err := s.org(oShakyo)
		if err != nil {
			return err
		}
		c := casework.Coordinator{Name: "結城 みのり", Kind: "生活支援コーディネーター（第2層）", OrganizationID: org,
			Area: "北部地区（北町・旭町・緑ケ丘）", Contact: "000-5500-0801（社協 地域福祉係）"}
		return s.db.CreateCoordinator(ctx, a, &c)
	})
	var platformID string
	s.act(205, "10:00", "community", "プラットフォーム", func(ctx context.Context, a casework.Actor) error {
		p := casework.Platform{Name: "北部地区 支え合い推進会議（第2層協議体）", Area: "北町・旭町・緑ケ丘",
			Purpose: "地域の居場所や通いの場の担い手、自治会、専門職が集まり、困りごとを抱えた人が気軽に立ち寄れる場所と、支え合いの担い手を増やす。"}
		if err := s.db.CreatePlatform(ctx, a, &p); err != nil {
			return err
		}
		platformID = p.ID
		return nil
	})
	members := []struct{ org, name, role string }{
		{oEngawa, "", "事務局"}, {oShakyo, "", "生活支援コーディネーター（第2層）"}, {oHoukatsu, "", "専門職"},
		{oMinsei, "", "民生委員"}, {oNoen, "", "受け入れ先（就労体験）"}, {"", "北町自治会", "自治会"}, {"", "旭町ふれあいサロン世話人会", "居場所の担い手"},
	}
	for i, m := range members {
		m := m
		s.act(205, fmt.Sprintf("10:%02d", 10+i), "community", "プラットフォームの構成員 "+m.org+m.name, func(ctx context.Context, a casework.Actor) error {
			pm := casework.PlatformMember{Name: m.name, Role: m.role}
			if m.org != "" {
				id, err := s.org(m.org)
				if err != nil {
					return err
				}
				pm.OrganizationID = id
			}
			return s.db.AddPlatformMember(ctx, a, platformID, &pm)
		})
	}
	s.act(30, "17:00", "community", "プラットフォームの会議", func(ctx context.Context, a casework.Actor) error {
		m := casework.PlatformMeeting{HeldOn: casework.Today(s.at(30, "12:00")), Title: "居場所マップづくりと「夜の居場所」の担い手", Attendees: 14,
			Summary: "北部地区の居場所・通いの場・子ども食堂を地図にまとめ、民生委員の訪問時に配ることにした。縁側の「夜の居場所」は担い手が2人のみで、月2回の開催を続けるために社協のボランティア講座の修了者に声をかける。かさね農園から、雨の日の作業（袋詰め・種の仕分け）を体験メニューに加えられるとの報告があった。",
			Gaps:    "平日の日中に中高年の男性が一人でも立ち寄れる場所が北町地区にない。旭町のサロンは階段のみで、車いすの人が参加できない。"}
		return s.db.AddPlatformMeeting(ctx, a, platformID, &m)
	})
}

// planOutreach: two people the 社協 outreach worker is trying to reach,
// neither yet a case.
func (s *story) planOutreach() {
	var man, woman casework.OutreachTarget
	s.act(62, "16:00", "outreach", "アウトリーチ対象者（団地）", func(ctx context.Context, a casework.Actor) error {
		man = casework.OutreachTarget{Label: "○○団地3階の50代男性", FoundVia: "民生委員", FoundOn: casework.Today(s.at(62, "12:00")), District: "北町",
			Concern: "民生委員より。ここ半年ほど姿を見かけず、新聞受けに郵便物がたまっている。夜に部屋の明かりはつく。母親と二人暮らしだったが、母親は昨年亡くなったらしい。"}
		return s.db.CreateOutreachTarget(ctx, a, &man)
	})
	attempts := []struct {
		day              int
		hm               string
		method, outcome  string
		note, stage, why string
	}{
		{58, "14:00", "訪問", "不在", "民生委員と訪問。応答なし。社協のチラシと手紙を投函した。", "", ""},
		{44, "18:30", "訪問", "会えた", "夕方に再訪問。ドアチェーン越しに本人が応対。「用はない」とすぐに閉めたが、手紙は読んだとのこと。", "contacted", "本人と初めて会えた"},
		{24, "18:00", "訪問", "話せた", "玄関先で15分ほど話す。母の介護で仕事を辞め、母の死後は外に出るきっかけがないと話す。食事はカップ麺が中心。次回も来てよいと了承。", "trust", "継続して訪問できる関係ができつつある"},
	}
	for i, at := range attempts {
		at := at
		s.act(at.day, at.hm, "outreach", fmt.Sprintf("アウトリーチの訪問 %d", i+1), func(ctx context.Context, a casework.Actor) error {
			if err := s.db.AddOutreachAttempt(ctx, a, man.ID, &casework.OutreachAttempt{At: s.at(at.day, at.hm), Method: at.method, Outcome: at.outcome, Note: at.note}); err != nil {
				return err
			}
			if at.stage == "" {
				return nil
			}
			_, err := s.db.MoveOutreachStage(ctx, a, man.ID, at.stage, at.why, 0)
			return err
		})
	}
	s.act(21, "11:00", "outreach", "アウトリーチ対象者（川端町）", func(ctx context.Context, a casework.Actor) error {
		woman = casework.OutreachTarget{Label: "川端町の70代女性（娘と二人暮らし）", FoundVia: "住民", FoundOn: casework.Today(s.at(21, "12:00")), District: "川端町",
			Concern: "近所の住民より。同居の40代の娘が大声で怒鳴る声がときどき聞こえる。本人は買い物に出る回数が減り、痩せてきたように見える。"}
		return s.db.CreateOutreachTarget(ctx, a, &woman)
	})
	s.act(15, "10:30", "outreach", "アウトリーチの訪問（川端町）", func(ctx context.Context, a casework.Actor) error {
		if err := s.db.AddOutreachAttempt(ctx, a, woman.ID, &casework.OutreachAttempt{At: s.at(15, "10:30"), Method: "訪問", Outcome: "話せた",
			Note: "社協の見守り訪問として訪問。本人が玄関先で応対し、膝が痛くて買い物がつらいと話す。娘は仕事で不在。配食サービスのチラシを渡した。"}); err != nil {
			return err
		}
		_, err := s.db.MoveOutreachStage(ctx, a, woman.ID, "contacted", "本人と話せた", 0)
		return err
	})
}
