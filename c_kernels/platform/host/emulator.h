/* The host emulator: runs the per-core SDRAM images built by spynn/image with
 * the kernels compiled for the host.  One call runs a whole chunk of ticks.
 *
 * Each tick t:  1. every core processes the packets sent to it in tick t-1: the keys of
 *                  the cores that sent any, in core order, each core's in the order sent,
 *                  as the routing tables deliver them;
 *               2. every core runs its timer update (neurons, sources) and
 *                  queues the packets it sends;
 *               3. the queued keys become the sent keys (a pointer swap per core).
 * Steps 1 and 2 run as tasks, each over a range of consecutive cores, on several
 * threads: a task hands each key sent to the cores of its range that want it (a list
 * per source atom), then runs them; a task touches only its own cores' memory (and reads
 * what every core sent in the tick before), so results do not depend on the thread count.
 * Where the delays allow it exactly, emu_run's batch lets a task take several ticks' steps
 * 1, then several ticks' steps 2, between two meetings of the threads (emulator.c).
 * Each key's destinations (and which of them want it) are
 * found once, at creation, by walking the chips' routing tables. */
#ifndef EMULATOR_H
#define EMULATOR_H
#include <stdint.h>

typedef struct emulator emulator_t;

/* sdram[c]: chip c's SDRAM (words).  links[6c+l]: chip reached over link l of
 * chip c, or -1.  Routing table of chip c: table[3 * (table_start[c] .. table_start[c+1])]
 * as {key, mask, route}, first match wins.  core_desc[3i]: {chip, core id on
 * chip, offset of the core's block in its chip's SDRAM [words]}.  On failure
 * returns NULL and writes a message into err. */
emulator_t *emu_create(uint32_t n_chips, uint32_t **sdram, const int32_t *links,
                       const uint32_t *table_start, const uint32_t *table, uint32_t n_cores,
                       const uint32_t *core_desc, uint32_t n_threads, char *err, uint32_t err_len);

/* Run n_ticks more ticks, up to `batch` (1..8) of them between two meetings of the threads
 * (see emulator.c: 1 is always exact; more only where the caller knows every delay is at
 * least batch - 1 ticks and no core learns or draws direct Poisson input); returns 0, or -1
 * if the emulator is unusable. */
int emu_run(emulator_t *emu, uint32_t n_ticks, uint32_t batch);

/* Rows the cores make at each spike (procedural rows) held instead, where they are used most.
 * emu_row_store: n_words words at `words`, after every chip's SDRAM in the same memory (so that
 * a row there lies within a hint's offset of every core's matrix), are free for held rows.
 * emu_mark_sent: count keys sent from now.  emu_hold_rows: hold the rows of the items whose
 * source cores sent the most keys an atom since the mark, within budget_words words in all
 * (the same words as made: the results do not change); returns the words held, or -1 if the
 * emulator ran out of host memory (it is then unusable). */
void emu_row_store(emulator_t *emu, uint32_t *words, uint64_t n_words);
void emu_mark_sent(emulator_t *emu);
int64_t emu_hold_rows(emulator_t *emu, uint64_t budget_words);

/* Ticks run since creation. */
uint32_t emu_tick(const emulator_t *emu);

void emu_destroy(emulator_t *emu);
#endif
