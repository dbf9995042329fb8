package io.identsphere.jose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bounded engine pool: hands back what it was given, at most SLOTS of them, never twice. */
class PoolTest {
  @Test
  void take_fromAnEmptyPool_isNull_andAGivenEngineComesBackOnce() {
    Pool<Object> pool = new Pool<>();
    assertThat(pool.take()).isNull();
    Object engine = new Object();
    pool.give(engine);
    assertThat(pool.take()).isSameAs(engine);
    assertThat(pool.take()).isNull();
  }

  @Test
  void give_keepsAtMostSlotsEngines_andEachIsTakenExactlyOnce() {
    Pool<Integer> pool = new Pool<>();
    for (int i = 0; i < Pool.SLOTS + 5; i++) pool.give(i);
    Set<Integer> taken = new HashSet<>();
    for (Integer t = pool.take(); t != null; t = pool.take()) assertThat(taken.add(t)).as("taken twice: %s", t).isTrue();
    assertThat(taken).hasSize(Pool.SLOTS);
    for (int i = 0; i < Pool.SLOTS; i++) assertThat(taken).contains(i);
  }

  @Test
  void give_afterATake_fillsTheFreedSlot() {
    Pool<String> pool = new Pool<>();
    for (int i = 0; i < Pool.SLOTS; i++) pool.give("e" + i);
    String first = pool.take();
    pool.give("fresh");
    Set<String> rest = new HashSet<>();
    for (String t = pool.take(); t != null; t = pool.take()) rest.add(t);
    assertThat(rest).hasSize(Pool.SLOTS).contains("fresh").doesNotContain(first);
  }
}
