# attune: `make run` to start it, `make test` to test everything.
export GOTOOLCHAIN := local

.PHONY: run build test bench chaos vet fmt clean

run:
	@scripts/run.sh $(ARGS)

build:
	go build -o bin/attune ./cmd/attune

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

# The real binary killed with SIGKILL 200 times under load (a short run of
# 6 kills is part of make test). ATTUNE_CHAOS_SEED=n picks the moments.
chaos:
	ATTUNE_CHAOS_KILLS=$${ATTUNE_CHAOS_KILLS:-200} go test -count=1 -timeout 60m -v -run TestChaos ./internal/chaos/

vet:
	gofmt -l . && go vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin .artifacts
