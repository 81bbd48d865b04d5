package family

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
)

// Film is one film released to the parent's family.
func (s *Service) Film(ctx context.Context, p *Parent, id string) (*domain.Film, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	if s.Films == nil {
		return nil, domain.NotFound("film")
	}
	return s.Films.ReleasedFilm(ctx, p.viewer(), id)
}

// OpenFilm opens a released film's video for playing or, when the service
// allows it, downloading; both are audited.
func (s *Service) OpenFilm(ctx context.Context, p *Parent, id string, viewing, download bool) (*films.File, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	if s.Films == nil {
		return nil, domain.NotFound("film")
	}
	return s.Films.OpenReleased(ctx, p.viewer(), id, viewing, download)
}

// DownloadsAllowed tells whether the service lets families keep a copy.
func (s *Service) DownloadsAllowed(ctx context.Context) bool {
	if s.Films == nil {
		return false
	}
	ok, err := s.Films.DownloadsAllowed(ctx)
	return err == nil && ok
}
