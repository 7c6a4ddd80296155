from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_phone_numbers"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingmail",
            name="from_email",
            field=models.CharField(
                blank=True,
                default="",
                help_text="« Guichet <adresse> » ; vide : l'expéditeur par défaut du portail.",
                max_length=255,
                verbose_name="expéditeur",
            ),
            preserve_default=False,
        ),
    ]
