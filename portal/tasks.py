from celery import shared_task

from portal import access_log, mail


@shared_task(acks_late=True, ignore_result=True)
def deliver_mail(mail_id: int) -> bool:
    return mail.deliver(mail_id)


@shared_task(acks_late=True, ignore_result=True)
def deliver_pending_mail() -> int:
    return mail.deliver_due()


@shared_task(acks_late=True, ignore_result=True)
def purge_access_log() -> int:
    return access_log.purge()
