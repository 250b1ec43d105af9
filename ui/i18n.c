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
    {"scaled up: no scale-down for %s", "스케일 업 후 %s 동안 축소 없음"},
    /* the cluster: pools, cards, legend, the Service picture, the Service strip */
    {"pool ", "풀 "},
    {"+ %d more pools", "+ 풀 %d개 더"},
    {" (autoscaling %d\xE2\x80\x93%d)", " (오토스케일링 %d\xE2\x80\x93%d)"},
    {"  \xC2\xB7  %s  \xC2\xB7  %d/%d nodes Ready%s  \xC2\xB7  %.4g cpu, %.3g GiB each  \xC2\xB7  "
     "$%.2f/h",
     "  \xC2\xB7  %s  \xC2\xB7  노드 %d/%d개 Ready%s  \xC2\xB7  노드당 %.4g cpu, %.3g GiB  "
     "\xC2\xB7  $%.2f/h"},
    {"container", "컨테이너"},
    {"vm", "VM"},
    {"bare metal", "베어 메탈"},
    {"%s \xC2\xB7 %d pod", "%s \xC2\xB7 파드 %d개"},
    {"%s \xC2\xB7 %d pods", "%s \xC2\xB7 파드 %d개"},
    {"%s \xC2\xB7 %d VM", "%s \xC2\xB7 VM %d개"},
    {"%s \xC2\xB7 %d VMs", "%s \xC2\xB7 VM %d개"},
    {"%s \xC2\xB7 %d process", "%s \xC2\xB7 프로세스 %d개"},
    {"%s \xC2\xB7 %d processes", "%s \xC2\xB7 프로세스 %d개"},
    {"mem", "메모리"},
    {"no heartbeat %s \xC2\xB7 NotReady in %s", "하트비트 없음 %s \xC2\xB7 %s 후 NotReady"},
    {"no heartbeat", "하트비트 없음"},
    {"pulling image", "이미지 받는 중"},
    {"starting", "시작 중"},
    {"%s's port", "%s의 포트"},
    {"Service %s", "Service %s"},
    {"no Ready endpoint: requests fail", "Ready 엔드포인트 없음: 요청 실패"},
    {"%d process listening \xC2\xB7 %.0f req/s", "프로세스 %d개 대기 중 \xC2\xB7 %.0f req/s"},
    {"%d processes listening \xC2\xB7 %.0f req/s", "프로세스 %d개 대기 중 \xC2\xB7 %.0f req/s"},
    {"%d Ready endpoint \xC2\xB7 %.0f req/s", "Ready 엔드포인트 %d개 \xC2\xB7 %.0f req/s"},
    {"%d Ready endpoints \xC2\xB7 %.0f req/s", "Ready 엔드포인트 %d개 \xC2\xB7 %.0f req/s"},
    {"%d preview pod \xC2\xB7 no user requests", "프리뷰 파드 %d개 \xC2\xB7 사용자 요청 없음"},
    {"%d preview pods \xC2\xB7 no user requests", "프리뷰 파드 %d개 \xC2\xB7 사용자 요청 없음"},
    {"requests go to Ready pods only", "요청은 Ready 파드로만 가요"},
    {"line width = share of requests", "선 굵기 = 요청 몫"},
    {" step %d/%d", " 단계 %d/%d"},
    {"%d ready (%d replicas)", "%d개 준비 (레플리카 %d개)"},
    {"%d/%d ready", "%d/%d 준비"},
    {"no Ready pod: requests fail", "Ready 파드 없음: 요청 실패"},
    {"no Ready pod", "Ready 파드 없음"},
    {"in-place update", "제자리 업데이트"},
    {"%d/%d running", "%d/%d 실행 중"},
    {"its port on the server", "서버의 포트"},
    {"app ", "앱 "},
    {"Service ", "Service "},
    /* the charts */
    {"offered %s \xC2\xB7 served %s \xC2\xB7 failed %s",
     "유입 %s \xC2\xB7 처리 %s \xC2\xB7 실패 %s"},
    {"%srequests/s", "%s초당 요청"},
    {"%spods per version", "%s버전별 파드"},
    {"%sprocesses per version", "%s버전별 프로세스"},
    {"the server's log", "서버 로그"},
    {"%slatency ms", "%s지연 ms"},
    {"%serror rate %%", "%s오류율 %%"},
    {"%sweight %%", "%s가중치 %%"},
    {"%sCPU %% of request", "%s요청 대비 CPU %%"},
    {"nodes and cost", "노드와 비용"},
    {"%d/%d Ready \xC2\xB7 $%.2f/h \xC2\xB7 $%.2f so far",
     "%d/%d Ready \xC2\xB7 $%.2f/h \xC2\xB7 지금까지 $%.2f"},
    {"all %.1f %%", "전체 %.1f %%"},
    {"no request served", "처리한 요청 없음"},
    {"%sHPA target %d %%", "%sHPA 목표 %d %%"},
    {"%s%s set %.0f %%", "%s%s 설정 %.0f %%"},
    {"%s over %.0f s", "%s, %.0f초 평균"},
    {"offered", "유입"},
    {"served", "처리"},
    {"failed", "실패"},
    {"failed / offered", "실패 / 유입"},
    {"all", "전체"},
    {"ready", "준비"},
    {"desired", "목표"},
    {"total", "전체"},
    {"utilization", "사용률"},
    {"HPA target", "HPA 목표"},
    {"analysis max", "분석 상한"},
    /* the text panels */
    {"Why", "왜"},
    {"the controllers' arithmetic, newest first", "컨트롤러의 계산, 최신순"},
    {"Events", "이벤트"},
    {"no events yet", "아직 이벤트 없음"},
    /* zone tiles (a cluster too big for node cards) */
    {"all nodes", "모든 노드"},
    {"zone %s", "존 %s"},
    {"%s/%s nodes Ready", "노드 %s/%s개 Ready"},
    {"%s NotReady", "%s개 NotReady"},
    {"%s without heartbeat", "%s개 하트비트 없음"},
    {"pods: %s Ready \xC2\xB7 %s starting \xC2\xB7 %s in all",
     "파드: Ready %s개 \xC2\xB7 시작 중 %s개 \xC2\xB7 전체 %s개"},
    {"allocated: cpu %.0f %% \xC2\xB7 memory %.0f %%", "할당: CPU %.0f %% \xC2\xB7 메모리 %.0f %%"},
    /* the SLO (services[].slo) and the comparison's headline */
    {"SLO budget %.1f %%", "SLO 예산 %.1f %% 사용"},
    {"failed requests", "실패한 요청"},
    {"availability", "가용성"},
    {"downtime", "다운타임"},
    {"peak pods", "최대 파드"},
    {"cost", "비용"},
    {"SLO budget", "SLO 예산"},
    {"burn 1h/5m \xE2\x89\xA5"
     "14.4",
     "소진율 1h/5m \xE2\x89\xA5"
     "14.4"},
    {"burn 6h/30m \xE2\x89\xA5"
     "6",
     "소진율 6h/30m \xE2\x89\xA5"
     "6"},
    {"so far, first service", "지금까지, 첫 서비스"},
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
