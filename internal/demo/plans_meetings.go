package demo

// The two case meetings of the demo: the first 重層的支援会議 of the 8050
// household (every attending organization is covered by the mother's
// consent) and the 支援会議 (社会福祉法第106条の6) on the 山口 case, held
// without his consent and so only with every attendee bound to
// confidentiality.

import (
	"context"

	"kasane/internal/casework"
)

func (s *story) attendee(org, user string, ack bool) (casework.Attendee, error) {
	id, err := s.org(org)
	if err != nil {
		return casework.Attendee{}, err
	}
	at := casework.Attendee{OrganizationID: id, MemberOrGuest: "member", ConfidentialityAck: ack}
	if user != "" {
		at.UserID = s.users[user+"@demo.kasane.example"].ID
	}
	return at, nil
}

func (s *story) attendees(ack bool, orgUsers ...string) ([]casework.Attendee, error) {
	var out []casework.Attendee
	for i := 0; i+1 < len(orgUsers); i += 2 {
		at, err := s.attendee(orgUsers[i], orgUsers[i+1], ack)
		if err != nil {
			return nil, err
		}
		out = append(out, at)
	}
	return out, nil
}

func (s *story) planMeetings() {
	var jusou casework.Meeting
	s.act(127, "10:00", "coordinator", "重層的支援会議（北村）", func(ctx context.Context, a casework.Actor) error {
		ats, err := s.attendees(false, oTsumugi, "coordinator", oHoukatsu, "worker", oShakyo, "outreach", oAoba, "shogai")
		if err != nil {
			return err
		}
		host, _ := s.org(oTsumugi)
		jusou = casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "重層的支援会議（北部地区・第1回）", ScheduledAt: s.at(120, "14:00"),
			Place: "多機関協働センター つむぎ 会議室", HostOrgID: host, NonPublic: true, Attendees: ats}
		return s.db.CreateMeeting(ctx, a, &jusou)
	})
	s.act(120, "16:30", "coordinator", "重層的支援会議の検討事項（北村）", func(ctx context.Context, a casework.Actor) error {
		split, err := s.roleSplit(oHoukatsu, "母の介護サービスの調整", oShakyo, "長男へのアウトリーチ（月2回）",
			oAoba, "長男の障害福祉サービス利用の可能性の検討", oTsumugi, "全体調整と次回会議（3か月後）の設定")
		if err != nil {
			return err
		}
		lead, _ := s.org(oHoukatsu)
		it := casework.MeetingItem{CaseID: s.cases["kitamura/main"], Agenda: "plan_review",
			Situation: "母（84歳）は臥床がちで要介護認定を申請中。同居の長男（54歳）が介護を担うが、長男自身も長くひきこもりの状態で不眠の訴えがある。公共料金の滞納あり。",
			Decisions: "役割分担を確認した。長男の就労は急がず、まず関係づくりを優先する。支援プラン案を地域包括が作成する。",
			RoleSplit: split, LeadOrgID: lead, KeyPerson: "本人の長女（県外在住）", NextDate: casework.Today(s.at(30, "12:00")),
			ResourceGaps: []string{"中高年のひきこもりの人が平日の日中に通える居場所が北町地区にない"}}
		return s.db.AddMeetingItem(ctx, a, jusou.ID, &it)
	})
	var shien casework.Meeting
	s.act(70, "11:00", "worker", "支援会議（山口）", func(ctx context.Context, a casework.Actor) error {
		ats, err := s.attendees(true, oHoukatsu, "worker", oShakyo, "outreach", oMinsei, "")
		if err != nil {
			return err
		}
		host, _ := s.org(oHoukatsu)
		shien = casework.Meeting{Type: "shien_kaigi", Title: "支援会議（北部地区）", ScheduledAt: s.at(68, "14:00"),
			Place: "北部地域包括支援センター 相談室", HostOrgID: host, NonPublic: true, Attendees: ats}
		return s.db.CreateMeeting(ctx, a, &shien)
	})
	s.act(68, "15:30", "worker", "支援会議の検討事項（山口）", func(ctx context.Context, a casework.Actor) error {
		split, err := s.roleSplit(oShakyo, "週1回の安否確認", oHoukatsu, "認知症初期集中支援チームへの相談と再訪問", oMinsei, "近隣の見守りと変化の連絡")
		if err != nil {
			return err
		}
		lead, _ := s.org(oHoukatsu)
		it := casework.MeetingItem{CaseID: s.cases["yamaguchi/main"], Agenda: "info_share",
			Situation: "単身の79歳男性。自宅にごみが積み上がり、本人は支援を拒否している。日付があいまいで、食事が十分にとれていない様子。本人の同意は得られていない。",
			Decisions: "本人の同意がないため、支援会議（社会福祉法第106条の6）として情報を共有し、見守り体制を確認した。火の不始末に備え、異変があれば地域包括に即日連絡する。",
			RoleSplit: split, LeadOrgID: lead, NextDate: casework.Today(s.at(40, "12:00"))}
		return s.db.AddMeetingItem(ctx, a, shien.ID, &it)
	})
}

// roleSplit turns organization name / task pairs into role assignments.
func (s *story) roleSplit(orgTasks ...string) ([]casework.RoleAssignment, error) {
	var out []casework.RoleAssignment
	for i := 0; i+1 < len(orgTasks); i += 2 {
		id, err := s.org(orgTasks[i])
		if err != nil {
			return nil, err
		}
		out = append(out, casework.RoleAssignment{OrganizationID: id, Task: orgTasks[i+1]})
	}
	return out, nil
}
