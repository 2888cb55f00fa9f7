package demo

// Issue 22 in the demo: the 大野 household, known to くらしサポート from a
// consultation in spring (its own record of the family) and taken in again
// by 多機関協働センター つむぎ in autumn (つむぎ's record). つむぎ sorts out the
// roles and hands the lead to くらしサポート (主担当の引継ぎ: a つなぎ with
// transfer_lead, decided at a case conference 23 days ago but entered 20 days
// ago, so 「入力日」 shows); つむぎ's involvement ends with
// 「多機関協働の関与終結（主担当へ引継ぎ）」. くらしサポート then links its old
// record and つむぎ's as one person (名寄せ), so the annual report counts 健司
// once in 実人数 beside two new consultations (延べ). And a third outreach
// target of the 社協 is handed over as an intake with the consent recorded.

import (
	"context"
	"fmt"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// handover is a つなぎ with 「主担当を引き継ぐ」, made referredDay days ago
// (late entry when it is before the day it is entered).
func handover(day int, hm, by, org string, referredDay int, reason string) event {
	e := refer(day, hm, by, org, 0, reason)
	e.transfer, e.referredDay = true, referredDay
	return e
}

func householdsIssue22() []household {
	kenji := func(by string) member {
		return member{key: "kenji", fam: "大野", giv: "健司", famKana: "オオノ", given: "ケンジ", age: 48, md: "07-21", sex: "male", rel: "本人",
			roles: []string{"主たる介護者"}, phone: "000-6200-0811", by: by}
	}
	kazuko := member{key: "kazuko", fam: "大野", giv: "和子", famKana: "オオノ", given: "カズコ", age: 76, md: "02-03", sex: "female", rel: "母"}
	addr := kasane("000-0062", "本郷4丁目11番地の2")
	return []household{
		// くらしサポート's record of the family, from a consultation in spring
		{key: "ono_kurashi", label: "大野さん世帯（くらし）", kind: "二世代", by: "kurashi", addr: addr,
			members:   []member{kenji(""), kazuko},
			relations: []relation{{"kazuko", "kenji", "親子", "親密"}},
			cases: []caseSeed{{key: "spring", by: "kurashi", focus: "kenji", day: 200, route: "本人", method: "来所",
				bunya: []string{"konkyu"}, problems: []string{"経済的困窮", "家計管理"}, screening: "情報提供のみ",
				complaint: "本人来所。派遣の仕事が途切れがちで、母の年金と合わせても家賃の支払いが苦しい。どんな制度があるか知りたい。",
				intake:    casework.CaseIntake{ConsentAtIntake: agreed(true), Employment: "就労中（非正規）", Housing: "民間賃貸", HealthInsurance: "国民健康保険"},
				events: []event{
					contact(200, "10:00", "kurashi", "来所", "本人", 50, "sodan", "konkyu", "初回面談。住居確保給付金と家計改善支援の制度を説明し、パンフレットを渡した。本人は「まず自分で仕事を探してみる」とのこと。"),
					contact(193, "15:00", "kurashi", "電話", "本人", 10, "sodan", "konkyu", "本人より電話。短期の仕事が見つかったので、今は支援は不要とのこと。困ったらいつでも連絡するよう伝えた。"),
					contact(192, "11:00", "kurashi", "文書", "本人", 5, "sodan", "konkyu", "相談窓口の案内と連絡先を郵送した。"),
					status(190, "10:00", "kurashi", "closed", "information_only"),
				}}},
		},
		// つむぎ's record: the case it takes in autumn and hands over
		{key: "ono", label: "大野さん世帯", kind: "二世代", by: "coordinator", addr: addr,
			members:   []member{kenji(""), kazuko},
			relations: []relation{{"kazuko", "kenji", "親子", "親密"}},
			cases: []caseSeed{{key: "main", by: "coordinator", focus: "kenji", day: 60, route: "関係機関紹介", method: "来所",
				bunya: []string{"konkyu", "kaigo"}, problems: []string{"経済的困窮", "就労", "介護", "孤独・孤立"}, screening: "継続支援",
				complaint: "地域包括のケアマネジャーからの紹介。母（76歳）の物忘れが進み、本人（48歳）が介護のため仕事を辞めた。収入は母の年金のみで、家賃を2か月滞納。本人は「誰に何を相談すればいいか分からない」と話す。",
				intake: casework.CaseIntake{ReferringOrgName: "かさね市 北部地域包括支援センター", ConsentAtIntake: agreed(true), Urgency: "要注意", UrgencyReason: "住まい",
					Employment: "無職（求職していない）", Housing: "民間賃貸", HealthInsurance: "国民健康保険", Pension: "受給なし", PublicAssistance: "受給なし"},
				events: []event{
					contact(60, "10:00", "coordinator", "来所", "本人", 80, "takikan", "konkyu", "初回面談。母の介護、本人の失職、家賃滞納が重なっている。関係機関で役割を分けて支えることを本人に説明し、情報共有への同意を得た。"),
					consent(60, "11:30", "coordinator", "本人", "署名", oKurashi, oHoukatsu),
					refer(58, "10:00", "coordinator", oHoukatsu, 0, "母（76歳）の要介護認定の申請と介護サービスの調整をお願いしたい。本人が介護のため離職している。"),
					answer(55, "11:00", "worker", oHoukatsu, "accept", ""),
					contact(45, "14:00", "coordinator", "会議", "くらしサポート・地域包括", 60, "takikan", "konkyu", "関係機関のケース会議。役割分担: 地域包括＝母の要介護認定と介護サービス、くらしサポート＝家計と就労の支援、つむぎ＝全体の調整。家計と就労が中心になるため、主担当をくらしサポートに引き継ぐ方向で合意。"),
					contact(23, "16:00", "coordinator", "会議", "くらしサポート・地域包括", 40, "takikan", "konkyu", "ケース会議。母のデイサービス利用が始まり、本人の就労相談を始められる状況になった。主担当をくらしサポートへ引き継ぐことを決定。"),
					handover(20, "17:00", "coordinator", oKurashi, 23, "23日前のケース会議で決定: 家計と就労の支援が中心となるため、主担当をくらしサポートセンターへ引き継ぐ。つむぎは関与を終結し、必要なときに再び調整に入る。"),
					answer(19, "10:00", "kurashi", oKurashi, "accept", ""),
					contact(15, "10:00", "kurashi", "来所", "本人", 60, "sodan", "konkyu", "主担当として初回面談。住居確保給付金の申請書を一緒に作成。春に一度相談に来ていたことが分かった（以前の記録と名寄せ）。"),
				}}},
		},
	}
}

// planIssue22 adds what is not a household event: the 名寄せ of くらし's two
// records of 健司, and the outreach target handed over as an intake.
func (s *story) planIssue22() {
	s.act(14, "11:00", "kurashi", "名寄せ（大野 健司）", func(ctx context.Context, a casework.Actor) error {
		a1, a2 := s.persons["ono_kurashi/kenji"], s.persons["ono/kenji"]
		if a1 == "" || a2 == "" {
			return fmt.Errorf("大野 健司の記録がありません")
		}
		return s.db.DecideDuplicate(ctx, a, &sqldb.DuplicateDecision{PersonA: a1, PersonB: a2, Decision: "same",
			Note: "春の家計相談の記録（くらし）と、つむぎから引き継いだケースの記録は同じ方"})
	})
	var tg casework.OutreachTarget
	s.act(100, "16:00", "outreach", "アウトリーチ対象者（本郷）", func(ctx context.Context, a casework.Actor) error {
		tg = casework.OutreachTarget{Label: "本郷の60代女性（夫を亡くし閉じこもり）", FoundVia: "民生委員", FoundOn: casework.Today(s.at(100, "12:00")), District: "本郷",
			Concern: "民生委員より。春に夫を亡くしてから外出せず、雨戸が閉まったまま。配食の弁当が手つかずで残っていることがある。"}
		return s.db.CreateOutreachTarget(ctx, a, &tg)
	})
	steps := []struct {
		day             int
		method, outcome string
		note, stage     string
	}{
		{95, "訪問", "不在", "民生委員と訪問。応答なし。手紙を投函。", ""},
		{80, "訪問", "会えた", "玄関先で本人と会えた。夫の話になると涙ぐむ。社協の者であることを伝え、また来てよいと了承。", "contacted"},
		{60, "訪問", "話せた", "居間で30分ほど話す。食欲がなく、夜も眠れないと話す。かかりつけ医の受診を勧めた。", "trust"},
		{40, "訪問", "話せた", "本人から「誰かに相談したい」と話があった。関係機関と情報を共有して支援することに本人が同意した。", "consented"},
	}
	for i, st := range steps {
		st := st
		s.act(st.day, "14:00", "outreach", fmt.Sprintf("アウトリーチの訪問（本郷）%d", i+1), func(ctx context.Context, a casework.Actor) error {
			if err := s.db.AddOutreachAttempt(ctx, a, tg.ID, &casework.OutreachAttempt{At: s.at(st.day, "14:00"), Method: st.method, Outcome: st.outcome, Note: st.note}); err != nil {
				return err
			}
			if st.stage == "" {
				return nil
			}
			_, err := s.db.MoveOutreachStage(ctx, a, tg.ID, st.stage, "訪問の結果", 0)
			return err
		})
	}
	var caseID string
	s.act(39, "10:00", "outreach", "アウトリーチからケースへの引継ぎ（本郷）", func(ctx context.Context, a casework.Actor) error {
		houkatsu, err := s.org(oHoukatsu)
		if err != nil {
			return err
		}
		h := casework.HandOver{
			Person: &casework.Person{FamilyName: "坂本", GivenName: "春江", FamilyKana: "サカモト", GivenKana: "ハルエ", BirthDate: s.birth(67, "04-12"), Sex: "female",
				Address: kasane("000-0063", "本郷5丁目2番地の8"), Phone: "000-6300-0912"},
			Consent: &casework.Consent{GivenBy: "本人", GivenOn: casework.Today(s.at(40, "12:00")), Method: "署名", Recipients: []string{houkatsu},
				DataCategories: demoDataCategories, Purposes: demoPurposes, MeetingTypes: demoMeetings, ValidUntil: casework.Today(s.at(40-365, "12:00"))},
			Bunya: []string{"kaigo"}, Problems: []string{"孤独・孤立", "病気・けが"},
		}
		_, c, err := s.db.HandOverOutreachTarget(ctx, a, tg.ID, h)
		caseID = c.ID
		return err
	})
	s.act(20, "15:00", "outreach", "引継ぎ後の訪問（本郷）", func(ctx context.Context, a casework.Actor) error {
		return s.db.AddContact(ctx, a, &casework.Contact{CaseID: caseID, At: s.at(20, "14:00"), Method: "訪問", Counterpart: "本人", Minutes: 40,
			Jigyo: "outreach", Bunya: "kaigo", Content: "かかりつけ医を受診し、軽いうつ状態と言われたとのこと。地域包括と一緒に、旭町のサロンの見学に誘う予定。"})
	})
}
