package portal_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/demo"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	scaleOnce sync.Once
	scaleSvc  *portal.Service
	scaleDB   *store.DB
)

// scale fills the benchmark dataset once per process: 500 clients, 1 500 client users, 5 000
// projects, 50 000 milestones.
func scale(b *testing.B) (*portal.Service, *store.DB) {
	scaleOnce.Do(func() {
		scaleDB = storetest.NewForProcess(b)
		start := time.Now()
		if _, err := demo.Fill(context.Background(), scaleDB, nil, demo.Scale, "bench-password", time.Now().UTC()); err != nil {
			b.Fatal(err)
		}
		b.Logf("scale dataset filled in %s", time.Since(start).Round(time.Millisecond))
		scaleSvc = portal.New(scaleDB, portal.Options{})
	})
	return scaleSvc, scaleDB
}

func clientActor(b *testing.B, db *store.DB) portal.Actor {
	u, err := db.UserByEmail(context.Background(), "utilisateur1.250@client250.example")
	if err != nil {
		b.Fatal(err)
	}
	return portal.Actor{UserID: u.ID, Role: portal.RoleClient, ClientID: u.ClientID, Email: u.Email}
}

func adminActor(b *testing.B, db *store.DB) portal.Actor {
	u, err := db.UserByEmail(context.Background(), "equipe1@bigdata-center.example")
	if err != nil {
		b.Fatal(err)
	}
	return portal.Actor{UserID: u.ID, Role: portal.RoleAdmin, Email: u.Email}
}

// atScale times op on the scale dataset, done by the actor that actorOf picks.
func atScale(b *testing.B, actorOf func(*testing.B, *store.DB) portal.Actor, op func(ctx context.Context, svc *portal.Service, a portal.Actor) error) {
	svc, db := scale(b)
	a := actorOf(b, db)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := op(ctx, svc, a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClientDashboardAtScale(b *testing.B) {
	atScale(b, clientActor, func(ctx context.Context, svc *portal.Service, a portal.Actor) error {
		list, err := svc.ListProjects(ctx, a, portal.ProjectQuery{})
		if err == nil && list.Total != 10 {
			err = fmt.Errorf("%d projects, want 10", list.Total)
		}
		return err
	})
}

func BenchmarkProjectPageAtScale(b *testing.B) {
	svc, db := scale(b)
	list, err := svc.ListProjects(context.Background(), clientActor(b, db), portal.ProjectQuery{})
	if err != nil {
		b.Fatal(err)
	}
	id := list.Items[0].ID
	atScale(b, clientActor, func(ctx context.Context, svc *portal.Service, a portal.Actor) error {
		d, err := svc.GetProject(ctx, a, id)
		if err == nil && len(d.Milestones) != 10 {
			err = fmt.Errorf("%d milestones, want 10", len(d.Milestones))
		}
		return err
	})
}

func BenchmarkAdminOverviewAtScale(b *testing.B) {
	atScale(b, adminActor, func(ctx context.Context, svc *portal.Service, a portal.Actor) error {
		_, err := svc.AdminOverview(ctx, a)
		return err
	})
}

func BenchmarkAdminProjectListFilteredAtScale(b *testing.B) {
	atScale(b, adminActor, func(ctx context.Context, svc *portal.Service, a portal.Actor) error {
		_, err := svc.ListProjects(ctx, a, portal.ProjectQuery{Status: "en_cours", Late: true, Page: portal.Page{Number: 3}})
		return err
	})
}
