/* i18n: the dashboard's words in Korean (see i18n.h). A linear table: a few dozen entries,
 * looked up for the handful of strings a frame draws. */
#include "i18n.h"

#include <string.h>

static const struct {
    const char *en, *ko;
} table[] = {
    /* the object tree (L4) */
    {"namespace %s", "네임스페이스 %s"},
    {"%d pods", "파드 %d개"},
    {"%d pod", "파드 %d개"},
    {"rev %d", "리비전 %d"},
    {"kept for rollback", "롤백용으로 보관"},
    {"+%d older", "+ 이전 %d개"},
    /* Pending (L5) */
    {"Pending: %d", "Pending: %d개"},
    {"no node fits", "맞는 노드 없음"},
    /* the Why panel's "now" lines */
    {"scheduler", "스케줄러"},
    {"Pending pods: %d \xC2\xB7 0/%d nodes fit", "Pending 파드 %d개 \xC2\xB7 맞는 노드 0/%d개"},
    {"no nodes available", "사용 가능한 노드 없음"},
    {"%d Insufficient cpu", "%d CPU 부족"},
    {"%d Insufficient memory", "%d 메모리 부족"},
    {"%d untolerated taint", "%d 허용 안 된 테인트"},
    {"%d NotReady", "%d NotReady"},
    {"%d cordoned", "%d 코든됨"},
    {"%d affinity", "%d 어피니티 불일치"},
    {"%d topology spread", "%d 토폴로지 분산 불일치"},
    {"taint manager", "테인트 매니저"},
    {"%d evicted from %s (NoExecute taint, toleration ran out)",
     "%d개 축출, 노드 %s (NoExecute 테인트, 허용 시간 만료)"},
    {"HPA %s", "HPA %s"},
    {"keeps %d (recommends %d): scale-down window %s left",
     "%d개 유지 (권장 %d개): 축소 안정화 창 %s 남음"},
    {"cluster autoscaler", "클러스터 오토스케일러"},
    {"unneeded nodes: %d \xC2\xB7 first removable in %s",
     "불필요한 노드 %d개 \xC2\xB7 첫 제거까지 %s"},
    {"unneeded \xC2\xB7 removable in %s", "불필요 \xC2\xB7 %s 후 제거 가능"},
    {"no decisions yet: the controllers have nothing to do",
     "아직 결정 없음: 컨트롤러가 할 일이 없어요"},
    /* confirmations */
    {"Press q again within 3 s to quit", "3초 안에 q를 한 번 더 누르면 종료해요"},
    {"Press r again within 3 s to restart from 0:00",
     "3초 안에 r을 한 번 더 누르면 0:00부터 다시 시작해요"},
    /* many nodes */
    {"pool %s", "풀 %s"},
    {"%d/%d nodes Ready \xC2\xB7 %d pods", "노드 %d/%d개 Ready \xC2\xB7 파드 %d개"},
    {"showing pool %s (g: next pool, G: all)", "풀 %s 표시 중 (g: 다음 풀, G: 전체)"},
    {"all pools", "모든 풀"},
};

const char *ui_tr(const char *lang, const char *en) {
    if (!lang || !en || strcmp(lang, "ko") != 0) return en;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].en, en) == 0) return table[i].ko;
    return en;
}

int ui_tr_count(void) {
    return (int)(sizeof table / sizeof table[0]);
}

void ui_tr_entry(int i, const char **en, const char **ko) {
    *en = i >= 0 && i < ui_tr_count() ? table[i].en : NULL;
    *ko = i >= 0 && i < ui_tr_count() ? table[i].ko : NULL;
}
