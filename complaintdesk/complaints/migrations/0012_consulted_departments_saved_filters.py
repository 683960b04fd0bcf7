# Departments consulted on a complaint they do not own, and saved queue filters.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0011_dispute_kinds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ConsultedDepartment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('since', models.DateTimeField(verbose_name='consulted since')),
                ('complaint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consulted_departments', to='complaints.complaint', verbose_name='complaint')),
                ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='complaints.department', verbose_name='department')),
            ],
            options={
                'verbose_name': 'consulted department',
                'verbose_name_plural': 'consulted departments',
                'ordering': ['complaint', 'department'],
                'indexes': [models.Index(fields=['department', 'complaint'], name='consulted_department_idx')],
                'constraints': [models.UniqueConstraint(fields=('complaint', 'department'), name='consulted_department_unique')],
            },
        ),
        migrations.CreateModel(
            name='SavedFilter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, verbose_name='name')),
                ('query', models.CharField(max_length=1000, verbose_name='query')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='saved_queue_filters', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'saved filter',
                'verbose_name_plural': 'saved filters',
                'ordering': ['user', 'name', 'id'],
                'constraints': [models.UniqueConstraint(fields=('user', 'name'), name='saved_filter_unique_name')],
            },
        ),
    ]
