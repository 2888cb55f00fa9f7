package demo

// Plans and participation in the demo: the needs profile of the young man
// of the 佐々木 household and his trial at かさね農園, the assessment and
// the decided plan of the 8050 household (北村), and a plan of the ダブルケア
// household (森田) whose review date has passed, so the review watch shows.

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// planParticipation: みちくさ records 翔さん's needs and proposes the farm;
// the trial starts on the day of the first visit.
func (s *story) planParticipation(res map[string]string) {
	person := func() string { return s.persons["sasaki/sho"] }
	s.act(70, "15:30", "participation", "参加ニーズ（佐々木 翔）", func(ctx context.Context, a casework.Actor) error {
		p := casework.NeedsProfile{PersonID: person(), Interests: []string{"農作業", "ものづくり", "読書・学習"}, Days: []string{"火", "金"},
			TimeSlots: []string{"午前", "夜間"}, Districts: []string{"緑ケ丘", "本郷"}, SupportNeeded: []string{"少人数", "静かな環境", "短時間から可", "同行支援可"},
			HealthLimits: "昼夜逆転が残っており、午前は10時以降が望ましい。人の多い場所では疲れやすい。",
			Note:         "人と話さずにできる作業から。植物や鉄道模型など、手を動かすことが好き。最初の数回は社協職員かみちくさの同行を希望。"}
		return s.db.SaveNeedsProfile(ctx, a, &p)
	})
	var m casework.Match
	s.act(68, "10:00", "participation", "マッチング（かさね農園）", func(ctx context.Context, a casework.Actor) error {
		m = casework.Match{PersonID: person(), ResourceID: res["noen"], Menu: "就労体験"}
		return s.db.CreateMatch(ctx, a, &m)
	})
	s.act(45, "12:30", "participation", "マッチング 体験開始", func(ctx context.Context, a casework.Actor) error {
		_, err := s.db.MoveMatch(ctx, a, m.ID, "trial", "", "", 0)
		return err
	})
	s.act(18, "14:40", "participation", "マッチング 受け入れ先支援", func(ctx context.Context, a casework.Actor) error {
		l := casework.MatchLog{Kind: "host_support", At: s.at(18, "14:00"), Method: "電話",
			Note: "農園の担当者と電話。週2回の体験は順調。雨の日の作業（種の仕分け・袋詰め）を増やしたいとの相談があり、次回の訪問で一緒に作業の手順を考えることにした。"}
		return s.db.AddMatchLog(ctx, a, m.ID, &l)
	})
	// issue 22: the trial becomes a placement (定着支援), dated the day it
	// happened though entered later, with a retention contact
	s.act(10, "16:00", "participation", "マッチング 参加開始", func(ctx context.Context, a casework.Actor) error {
		_, err := s.db.MoveMatch(ctx, a, m.ID, "placed", "", casework.Today(s.at(12, "12:00")), 0)
		return err
	})
	s.act(8, "15:00", "participation", "マッチング 定着支援", func(ctx context.Context, a casework.Actor) error {
		l := casework.MatchLog{Kind: "retention", At: s.at(8, "11:30"), Method: "同行",
			Note: "農園での作業に同行。苗の植え替えを一人でこなせるようになった。週2回の参加を続けたいと本人。"}
		return s.db.AddMatchLog(ctx, a, m.ID, &l)
	})
}

// planPlans: the assessment and the decided plan of the 8050 case, and the
// ダブルケア plan now overdue for review.
func (s *story) planPlans() {
	kitamura := func() string { return s.cases["kitamura/main"] }
	s.act(125, "16:00", "worker", "アセスメント（北村）", func(ctx context.Context, a casework.Actor) error {
		x := casework.Assessment{AssessedOn: casework.Today(s.at(125, "12:00")),
			Household: "本人（84歳）と長男（54歳）の二人暮らし。長女は県外在住で、母とは電話で連絡を取っている。",
			History:   "本人は夫の死後、年金で長男と暮らしてきた。長男は大学卒業後3年で退職し、以後20年近く自宅で過ごしている。",
			Health:    "本人は転倒後ほぼ臥床、物忘れあり（要介護認定申請中）。長男は不眠と意欲低下の訴えがあるが未受診。",
			Finances:  "収入は本人の年金（月約9万円）のみ。公共料金の滞納あり。家計は長男が管理している。",
			Relations: "近所付き合いはなく、民生委員が唯一の地域とのつながり。長男と長女は10年以上連絡を取っていない。",
			Capacity:  "本人は日常の意思表示はできる。金銭管理は長男任せで、今後、権利擁護の検討が必要になる可能性がある。",
			Issues:    "母の介護の担い手が長男一人で、長男自身も支援を必要としている（8050）。世帯として社会的に孤立し、家計も逼迫している。",
			Strengths: "本人は息子を気にかけ、支援を受け入れる意思がある。長男は訪問員と話ができ、ゲームの話題では表情が和らぐ。",
			Direction: "母の介護サービスを早期に導入して長男の負担を減らす。長男には就労を急がず、アウトリーチで関係づくりを優先する。"}
		return s.db.CreateAssessment(ctx, a, kitamura(), &x)
	})
	var plan casework.Plan
	s.act(110, "15:00", "worker", "プラン（北村）", func(ctx context.Context, a casework.Actor) error {
		items, err := s.planItems(110, []itemSeed{
			{oHoukatsu, "母の介護サービス（訪問介護・通所介護）の調整とモニタリング", "月1回訪問", "デイサービスに通う"},
			{oShakyo, "長男へのアウトリーチ（関係づくり・外出の同行）", "月2回", "訪問の日は在宅している"},
			{oAoba, "長男の障害福祉サービス利用の可能性の検討と精神保健相談へのつなぎ", "随時", ""},
			{oTsumugi, "全体調整と重層的支援会議の開催", "3か月ごと", ""},
		})
		if err != nil {
			return err
		}
		plan = casework.Plan{PersonWish: "家で息子と一緒に暮らしたい。息子が困らないようにしてほしい。",
			LongGoal:          "母が自宅で安心して暮らし続け、長男が自分の生活を立て直すきっかけを得る。",
			ShortGoals:        []string{"母の介護サービスを開始し、長男の介護負担を減らす", "長男が訪問員と定期的に会える関係をつくる", "公共料金の滞納を解消する"},
			Items:             items,
			RequestedPrograms: []string{"outreach"},
			NextReviewOn:      casework.Today(s.at(-25, "12:00"))}
		return s.db.CreatePlan(ctx, a, kitamura(), &plan)
	})
	s.act(97, "11:00", "worker", "プラン同意（北村）", func(ctx context.Context, a casework.Actor) error {
		_, err := s.db.AgreePlan(ctx, a, plan.ID, casework.Today(s.at(97, "12:00")), "本人")
		return err
	})
	s.act(95, "11:00", "decision", "支援決定（北村）", func(ctx context.Context, a casework.Actor) error {
		_, err := s.db.DecidePlan(ctx, a, plan.ID, sqldb.PlanDecision{DecidedOn: casework.Today(s.at(95, "12:00")),
			MeetingItemID: s.items["kitamura/plan_review"], Result: "承認", DecidedBy: "かさね市 福祉総合相談課長"})
		return err
	})
	s.planOverdue()
}

// planOverdue: the 森田 plan was decided with a review ten days ago that
// nobody has done yet.
func (s *story) planOverdue() {
	var plan casework.Plan
	s.act(88, "16:30", "kodomo", "プラン（森田）", func(ctx context.Context, a casework.Actor) error {
		items, err := s.planItems(88, []itemSeed{
			{oHoukatsu, "実母のデイサービス（週3回）の調整", "週3回", ""},
			{oKodomo, "長男の一時預かりの利用調整と本人との定期面談", "月2回", "困ったときは早めに連絡する"},
		})
		if err != nil {
			return err
		}
		plan = casework.Plan{PersonWish: "夜はまとまって眠りたい。母の介護も子育ても一人で抱えずに続けたい。",
			LongGoal:   "本人が介護と子育てを一人で抱え込まず、相談できる相手と休める時間を持てる。",
			ShortGoals: []string{"睡眠を毎日5時間以上とれる", "同じ立場の親と知り合う"},
			Items:      items, NextReviewOn: casework.Today(s.at(10, "12:00"))}
		return s.db.CreatePlan(ctx, a, s.cases["morita/main"], &plan)
	})
	s.act(86, "15:00", "kodomo", "プラン同意（森田）", func(ctx context.Context, a casework.Actor) error {
		_, err := s.db.AgreePlan(ctx, a, plan.ID, casework.Today(s.at(86, "12:00")), "本人")
		return err
	})
	var m casework.Meeting
	var itemID string
	s.act(86, "16:00", "kodomo", "重層的支援会議（森田）", func(ctx context.Context, a casework.Actor) error {
		ats, err := s.attendees(false, oKodomo, "kodomo", oHoukatsu, "worker", oCity, "decision")
		if err != nil {
			return err
		}
		host, _ := s.org(oKodomo)
		m = casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "重層的支援会議（森田さん世帯）", ScheduledAt: s.at(85, "09:30"),
			Place: "こども家庭センター 相談室", HostOrgID: host, NonPublic: true, Attendees: ats}
		return s.db.CreateMeeting(ctx, a, &m)
	})
	s.act(85, "10:30", "kodomo", "重層的支援会議の開催と検討事項（森田）", func(ctx context.Context, a casework.Actor) error {
		if _, err := s.db.SetMeetingStatus(ctx, a, m.ID, casework.MeetingHeldStatus, m.Version); err != nil {
			return err
		}
		it := casework.MeetingItem{CaseID: s.cases["morita/main"], Agenda: "plan_review", PlanID: plan.ID,
			Decisions: "プラン案（第1版）を確認した。実母のデイサービスと長男の一時預かりで本人の睡眠時間を確保する。"}
		err := s.db.AddMeetingItem(ctx, a, m.ID, &it)
		itemID = it.ID
		return err
	})
	s.act(85, "11:00", "decision", "支援決定（森田）", func(ctx context.Context, a casework.Actor) error {
		_, err := s.db.DecidePlan(ctx, a, plan.ID, sqldb.PlanDecision{DecidedOn: casework.Today(s.at(85, "12:00")), MeetingItemID: itemID,
			Result: "承認", DecidedBy: "かさね市 福祉総合相談課長"})
		return err
	})
}

type itemSeed struct{ org, content, frequency, personPart string }

// planItems turns item seeds into plan items running from day for six
// months.
func (s *story) planItems(day int, seeds []itemSeed) ([]casework.PlanItem, error) {
	var out []casework.PlanItem
	for _, it := range seeds {
		id, err := s.org(it.org)
		if err != nil {
			return nil, err
		}
		out = append(out, casework.PlanItem{Content: it.content, OrganizationID: id, Frequency: it.frequency, PersonPart: it.personPart,
			From: casework.Today(s.at(day, "12:00")), To: casework.Today(s.at(day-182, "12:00"))})
	}
	return out, nil
}
